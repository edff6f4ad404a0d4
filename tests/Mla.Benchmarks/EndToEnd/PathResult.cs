using System.Globalization;

namespace Mla.Benchmarks.EndToEnd;

/// <summary>What one path did with (part of) the stream.</summary>
/// <param name="Path">direct, end-to-end or vmagent.</param>
/// <param name="Requests">Requests answered 2xx.</param>
/// <param name="Failed">Requests answered otherwise (or failed in transport).</param>
/// <param name="Samples">Samples in the 2xx requests, counted by the sender.</param>
/// <param name="Landed">Samples the path's VictoriaMetrics inserted meanwhile (<c>vm_rows_inserted_total</c>).</param>
/// <param name="Sending">From the first request to the last answer.</param>
/// <param name="UntilLanded">From the first request until VictoriaMetrics had inserted every sample sent.</param>
/// <param name="CpuSeconds">CPU of each role's processes, from the first request until they were idle again.</param>
/// <param name="GeneratorCpuSeconds">CPU of the load generator (this process) while sending.</param>
internal sealed record PathResult(
    string Path,
    long Requests,
    long Failed,
    long Samples,
    double Landed,
    TimeSpan Sending,
    TimeSpan UntilLanded,
    IReadOnlyDictionary<string, double> CpuSeconds,
    double GeneratorCpuSeconds)
{
    /// <summary>Samples landed in storage per second: the samples sent, over the time until the last of them landed.</summary>
    public double LandedPerSecond => Samples / UntilLanded.TotalSeconds;

    public double CpuPerMillion(string role) => CpuSeconds.TryGetValue(role, out var seconds) ? seconds / (Samples / 1_000_000.0) : 0;

    public double TotalCpuPerMillion => CpuSeconds.Values.Sum() / (Samples / 1_000_000.0);

    public static PathResult Combine(string path, IReadOnlyList<PathResult> results) => new(
        path,
        results.Sum(r => r.Requests),
        results.Sum(r => r.Failed),
        results.Sum(r => r.Samples),
        results.Sum(r => r.Landed),
        TimeSpan.FromTicks(results.Sum(r => r.Sending.Ticks)),
        TimeSpan.FromTicks(results.Sum(r => r.UntilLanded.Ticks)),
        results.SelectMany(r => r.CpuSeconds).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Value)),
        results.Sum(r => r.GeneratorCpuSeconds));

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Path,-11} landed {LandedPerSecond,9:N0} samples/s ({Samples:N0} samples, sent in {Sending.TotalSeconds:0.0} s, all landed after {UntilLanded.TotalSeconds:0.0} s) | CPU-s per 1M: {string.Join(", ", CpuSeconds.Keys.Select(role => $"{role} {CpuPerMillion(role):0.00}"))}, total {TotalCpuPerMillion:0.00} | {Failed} failed");
}
