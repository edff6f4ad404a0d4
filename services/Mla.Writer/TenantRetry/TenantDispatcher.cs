using Mla.Writer.Batching;
using Mla.Writer.Delivery;

namespace Mla.Writer.TenantRetry;

/// <summary>
/// Joins a sink's retry state to its request threads: hands out the jobs the state allows and feeds their results
/// back. Called from the consume loop's thread.
/// </summary>
public sealed class TenantDispatcher : IDisposable
{
    private readonly BatchDelivery _delivery;
    private readonly IRetryTopicWriter _retryTopic;
    private readonly SinkRequestWorkers _workers;

    public TenantDispatcher(TenantRetryState state, BatchDelivery delivery, IRetryTopicWriter retryTopic, int concurrency)
    {
        State = state;
        _delivery = delivery;
        _retryTopic = retryTopic;
        _workers = new SinkRequestWorkers(delivery.SinkName, concurrency, Execute);
    }

    public TenantRetryState State { get; }

    /// <summary>Applies finished jobs, then starts what may start now. Returns whether any job finished.</summary>
    public bool Pump()
    {
        var any = false;
        while (_workers.TryTakeFinished(out var result))
        {
            State.Finished(result);
            any = true;
        }

        foreach (var work in State.TakeWork())
        {
            _workers.Start(work);
        }

        return any;
    }

    public void Enqueue(IEnumerable<TenantBatch> batches)
    {
        foreach (var batch in batches)
        {
            State.Enqueue(batch);
        }
    }

    public bool WaitForFinished(TimeSpan timeout) => _workers.WaitForFinished(timeout);

    /// <summary>Cancels running jobs (shutdown past its deadline) and collects what they report.</summary>
    public void Abort()
    {
        _workers.Abort();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (State.InFlight > 0 && DateTime.UtcNow < deadline)
        {
            _workers.WaitForFinished(TimeSpan.FromMilliseconds(100));
            while (_workers.TryTakeFinished(out var result))
            {
                State.Finished(result);
            }
        }
    }

    public void Dispose() => _workers.Dispose();

    private TenantWorkResult Execute(TenantWork work, CancellationToken cancellationToken)
    {
        if (work.Kind == TenantWorkKind.Move)
        {
            var move = _retryTopic.Move(work.Records, _delivery.SinkName, work.Reason, cancellationToken);
            return new TenantWorkResult(work, null, move.Moved, move.Error);
        }

        return TenantWorkResult.Sent(work, _delivery.Attempt(work.Tenant, work.Records, cancellationToken));
    }
}
