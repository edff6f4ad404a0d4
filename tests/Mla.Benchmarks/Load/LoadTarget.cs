namespace Mla.Benchmarks.Load;

/// <summary>A receiver of the stream: where to push, with which headers, whose CPU counts, and its own sample counter.</summary>
/// <param name="Name">gateway or victoriametrics.</param>
/// <param name="PushUrl">The remote-write endpoint.</param>
/// <param name="Headers">Request headers on top of the remote-write ones (the gateway's tenant).</param>
/// <param name="ReceiverPids">The receiving process (gateway; VictoriaMetrics).</param>
/// <param name="BrokerPids">Processes behind it that it needs to answer (the Kafka-protocol broker); none for VictoriaMetrics.</param>
/// <param name="CountedSamplesAsync">The receiver's own count of samples it took (its /metrics).</param>
internal sealed record LoadTarget(
    string Name,
    Uri PushUrl,
    IReadOnlyDictionary<string, string> Headers,
    Func<IReadOnlyCollection<int>> ReceiverPids,
    Func<IReadOnlyCollection<int>> BrokerPids,
    Func<Task<double>> CountedSamplesAsync)
{
    /// <summary>The index of the next request of the stream this target gets (each target gets the same stream); the caller advances it.</summary>
    public long NextRequest { get; set; }
}
