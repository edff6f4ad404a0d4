using System.Globalization;

namespace Mla.Benchmarks.Load;

/// <summary>What one target did with (part of) the stream.</summary>
/// <param name="Target">gateway or victoriametrics.</param>
/// <param name="Requests">Requests answered 2xx.</param>
/// <param name="Failed">Requests answered otherwise (or failed in transport).</param>
/// <param name="Samples">Samples in the 2xx requests, counted by the sender.</param>
/// <param name="Elapsed">From the first request to the last answer.</param>
/// <param name="ReceiverCpuSeconds">CPU of the receiving process, during the run and until it was idle again.</param>
/// <param name="BrokerCpuSeconds">CPU of the Kafka-protocol broker (gateway only), the same way.</param>
/// <param name="DeferredCpuSeconds">The part of both that came after the last answer (background work).</param>
/// <param name="GeneratorCpuSeconds">CPU of the load generator (this process) during the run.</param>
/// <param name="CountedByReceiver">Samples the receiver's own /metrics counted during the run.</param>
internal sealed record LoadResult(
    string Target,
    long Requests,
    long Failed,
    long Samples,
    TimeSpan Elapsed,
    double ReceiverCpuSeconds,
    double BrokerCpuSeconds,
    double DeferredCpuSeconds,
    double GeneratorCpuSeconds,
    double CountedByReceiver)
{
    public double SamplesPerSecond => Samples / Elapsed.TotalSeconds;

    public double MillionSamples => Samples / 1_000_000.0;

    /// <summary>Receiver + broker CPU-seconds per million samples.</summary>
    public double CpuSecondsPerMillion => (ReceiverCpuSeconds + BrokerCpuSeconds) / MillionSamples;

    public double ReceiverCpuSecondsPerMillion => ReceiverCpuSeconds / MillionSamples;

    public double GeneratorCpuSecondsPerMillion => GeneratorCpuSeconds / MillionSamples;

    /// <summary>Samples per CPU-second of the receiving process alone (= per fully used core).</summary>
    public double SamplesPerReceiverCpuSecond => Samples / ReceiverCpuSeconds;

    /// <summary>Average cores busy during the run: receiver + broker, and the generator.</summary>
    public double ReceiverCores => (ReceiverCpuSeconds + BrokerCpuSeconds - DeferredCpuSeconds) / Elapsed.TotalSeconds;

    public double GeneratorCores => GeneratorCpuSeconds / Elapsed.TotalSeconds;

    public static LoadResult Combine(string target, IReadOnlyList<LoadResult> results) => new(
        target,
        results.Sum(r => r.Requests),
        results.Sum(r => r.Failed),
        results.Sum(r => r.Samples),
        TimeSpan.FromTicks(results.Sum(r => r.Elapsed.Ticks)),
        results.Sum(r => r.ReceiverCpuSeconds),
        results.Sum(r => r.BrokerCpuSeconds),
        results.Sum(r => r.DeferredCpuSeconds),
        results.Sum(r => r.GeneratorCpuSeconds),
        results.Sum(r => r.CountedByReceiver));

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Target,-15} samples/s: {SamplesPerSecond,9:N0} | CPU-s per 1M samples: {CpuSecondsPerMillion,5:0.00} ({Breakdown()}) | generator CPU-s per 1M: {GeneratorCpuSecondsPerMillion,4:0.00} | cores busy: receivers {ReceiverCores:0.00}, generator {GeneratorCores:0.00} | {Requests:N0} requests ok, {Failed:N0} failed, {Elapsed.TotalSeconds:0.0} s");

    private string Breakdown() => BrokerCpuSeconds > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Target} {ReceiverCpuSecondsPerMillion:0.00} + broker {BrokerCpuSeconds / MillionSamples:0.00}; after the run {DeferredCpuSeconds / MillionSamples:0.00}")
        : string.Create(CultureInfo.InvariantCulture, $"after the run {DeferredCpuSeconds / MillionSamples:0.00}");
}
