namespace Mla.Writer.Sinks;

/// <summary>Sends one remote-write body (snappy block over a protobuf WriteRequest) for one tenant.</summary>
public interface ISinkClient
{
    string Name { get; }

    /// <summary>Sends and classifies the answer; network errors and timeouts come back as <see cref="SinkOutcome.Retryable"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    SinkResponse Send(string tenant, byte[] body, CancellationToken cancellationToken);
}
