namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>One line of VictoriaMetrics' <c>/api/v1/export</c>: a series and its raw samples (duplicates included).</summary>
public sealed record ExportedSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<double> Values, IReadOnlyList<long> Timestamps)
{
    /// <summary>The labels as one sorted string, e.g. <c>{__name__="m",job="x"}</c>, for comparisons.</summary>
    public string Key => "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
}
