using Mla.Ingestion.RemoteWrite;
using Snappier;

namespace Mla.IntegrationTests.Gateway;

/// <summary>Remote-write bodies for the tests, each marked with its own metric name so its record can be found.</summary>
internal static class Bodies
{
    public static string NewMetric(string prefix = "m") => $"{prefix}_{Guid.NewGuid():N}";

    public static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>One valid series per metric name, <paramref name="samples"/> samples each, compressed.</summary>
    public static byte[] Valid(int samples, params string[] metrics) =>
        Compress(metrics.Select(m => Series(["__name__", m, "instance", "10.0.0.1:9100", "job", "node"], samples)).ToArray());

    /// <summary>One series with the given labels (name, value, name, value…), as it comes, compressed.</summary>
    public static byte[] WithLabels(params string[] labels) => Compress(Series(labels, 1));

    public static (RemoteWriteLabel[] Labels, RemoteWriteSample[] Samples) Series(string[] labels, int samples) =>
        (Enumerable.Range(0, labels.Length / 2).Select(i => new RemoteWriteLabel(labels[2 * i], labels[(2 * i) + 1])).ToArray(),
         Enumerable.Range(0, samples).Select(i => new RemoteWriteSample(i, NowMs - (samples - i))).ToArray());

    public static byte[] Compress(params (RemoteWriteLabel[] Labels, RemoteWriteSample[] Samples)[] series) => Snappy.CompressToArray(Encode(series));

    public static byte[] Encode(params (RemoteWriteLabel[] Labels, RemoteWriteSample[] Samples)[] series)
    {
        using var writer = new WriteRequestWriter();
        foreach (var (labels, samples) in series)
        {
            writer.AppendTimeSeries(labels, samples);
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>The metric names in a record's value (a snappy WriteRequest).</summary>
    public static List<string> MetricNames(byte[] value)
    {
        var names = new List<string>();
        var request = Snappy.DecompressToArray(value);
        var reader = new WriteRequestReader(request);
        while (reader.TryReadTimeSeries(out var series))
        {
            foreach (var label in series.Labels)
            {
                if (label.Name.SequenceEqual("__name__"u8))
                {
                    names.Add(System.Text.Encoding.UTF8.GetString(label.Value));
                }
            }
        }

        return names;
    }
}
