namespace Mla.Writer.Replay;

/// <summary>One replay and its progress (updated by its job, read by <c>GET /api/v1/replay/{id}</c>).</summary>
public sealed class ReplayRun(string id, ReplayRequest request, DateTimeOffset startedAt)
{
    private const int KeepErrors = 10;
    private readonly Queue<string> _errors = new();
    private long _recordsScanned;
    private long _recordsMatched;
    private long _recordsWritten;
    private long _recordsDeadLettered;
    private long _recordsDropped;
    private long _retries;
    private int _partitionsDone;
    private int _errorCount;

    public string Id { get; } = id;

    public ReplayRequest Request { get; } = request;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset? FinishedAt { get; private set; }

    public ReplayState State { get; private set; } = ReplayState.Running;

    public int PartitionsTotal { get; set; }

    public int PartitionsDone => Volatile.Read(ref _partitionsDone);

    public long RecordsScanned => Interlocked.Read(ref _recordsScanned);

    public long RecordsMatched => Interlocked.Read(ref _recordsMatched);

    public long RecordsWritten => Interlocked.Read(ref _recordsWritten);

    public long RecordsDeadLettered => Interlocked.Read(ref _recordsDeadLettered);

    /// <summary>Records of the tenant in range not written because the tenant was deleted (now, or after the record was produced).</summary>
    public long RecordsDropped => Interlocked.Read(ref _recordsDropped);

    public long Retries => Interlocked.Read(ref _retries);

    public int ErrorCount => Volatile.Read(ref _errorCount);

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public void PartitionDone() => Interlocked.Increment(ref _partitionsDone);

    public void Scanned() => Interlocked.Increment(ref _recordsScanned);

    public void Matched() => Interlocked.Increment(ref _recordsMatched);

    public void Dropped() => Interlocked.Increment(ref _recordsDropped);

    public void Delivered(Delivery.DeliveryResult result)
    {
        Interlocked.Add(ref _recordsWritten, result.Written);
        Interlocked.Add(ref _recordsDeadLettered, result.DeadLettered);
        Interlocked.Add(ref _retries, result.Retries);
    }

    public void Error(string message)
    {
        Interlocked.Increment(ref _errorCount);
        lock (_errors)
        {
            _errors.Enqueue(message);
            while (_errors.Count > KeepErrors)
            {
                _errors.Dequeue();
            }
        }
    }

    public void Finish(ReplayState state, DateTimeOffset at)
    {
        FinishedAt = at;
        State = state;
    }
}
