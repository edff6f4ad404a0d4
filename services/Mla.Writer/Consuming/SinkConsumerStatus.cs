namespace Mla.Writer.Consuming;

/// <summary>What readiness and logs need to know about one consume loop; written by the loop, read by anyone.</summary>
public sealed class SinkConsumerStatus(string sink)
{
    private volatile SinkConsumerState _state = SinkConsumerState.Starting;
    private volatile bool _assignmentReceived;
    private volatile bool _brokersDown;
    private volatile int _partitions;
    private volatile string? _error;

    public string Sink { get; } = sink;

    public SinkConsumerState State => _state;

    /// <summary>The group gave this consumer an assignment at least once (possibly empty: more writers than partitions).</summary>
    public bool AssignmentReceived => _assignmentReceived;

    /// <summary>librdkafka reported every broker down, and no broker answered since.</summary>
    public bool BrokersDown => _brokersDown;

    public int Partitions => _partitions;

    public string? Error => _error;

    public void Running() => _state = SinkConsumerState.Running;

    public void Stopped() => _state = _state == SinkConsumerState.Failed ? SinkConsumerState.Failed : SinkConsumerState.Stopped;

    public void Failed(string error)
    {
        _error = error;
        _state = SinkConsumerState.Failed;
    }

    public void Assigned(int partitions)
    {
        _partitions = partitions;
        _assignmentReceived = true;
        _brokersDown = false;
    }

    public void BrokersAnswered() => _brokersDown = false;

    public void AllBrokersDown() => _brokersDown = true;
}
