using Mla.Writer.Batching;
using Mla.Writer.Metrics;
using Mla.Writer.Sinks;
using Prometheus;

namespace Mla.Writer.Delivery;

/// <summary>
/// Writes a tenant's records to a sink. <see cref="Attempt"/> sends once and reports what happened (safe from any
/// thread; it completes no record): a permanent 4xx for a merged batch is retried record by record, so one bad
/// sample does not dead-letter the good records sent with it, and only records rejected alone go to the dead-letter
/// topic. <see cref="Deliver"/> repeats attempts with back-off until the sink answered for every record (replays).
/// </summary>
public sealed class BatchDelivery(
    ISinkClient sink,
    IDeadLetterWriter deadLetters,
    Backoff backoff,
    WriterMetrics metrics,
    ILogger logger,
    Counter? writtenCounter = null)
{
    private readonly Counter _written = writtenCounter ?? metrics.RecordsWritten;

    public string SinkName => sink.Name;

    public IDeadLetterWriter DeadLetters => deadLetters;

    public Backoff Backoff => backoff;

    /// <summary>Sends the records once (one by one after a merged batch was rejected); dead-letters records rejected alone.</summary>
    /// <param name="tenant">Whose records these are.</param>
    /// <param name="records">Not done yet, in offset order.</param>
    /// <param name="cancellationToken">Abandons the attempt: <see cref="OperationCanceledException"/>, nothing counted as done.</param>
    public DeliveryAttempt Attempt(string tenant, IReadOnlyList<HeldRecord> records, CancellationToken cancellationToken)
    {
        var inFlight = metrics.BatchesInFlight.WithLabels(sink.Name);
        inFlight.Inc();
        try
        {
            var response = sink.Send(tenant, RemoteWriteBody.For(records), cancellationToken);
            switch (response.Outcome)
            {
                case SinkOutcome.Accepted:
                    CountWritten(tenant, records);
                    return new DeliveryAttempt(tenant, records, [], [], null);
                case SinkOutcome.Retryable:
                    metrics.RecordsRetried.WithLabels(sink.Name, tenant).Inc(records.Count);
                    return new DeliveryAttempt(tenant, [], [], records, response);
            }

            if (records.Count == 1)
            {
                DeadLetter(records[0], response.Status, response.Reason, cancellationToken);
                return new DeliveryAttempt(tenant, [], records, [], null);
            }

            logger.LogWarning(
                "Sink {Sink} rejected a batch of {Records} records of tenant {Tenant} with {Status}: {Reason}; sending them one by one",
                sink.Name, records.Count, tenant, response.Status, response.Reason);
            var written = new List<HeldRecord>();
            var dead = new List<HeldRecord>();
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];
                var alone = sink.Send(tenant, record.Compressed, cancellationToken);
                if (alone.Outcome == SinkOutcome.Accepted)
                {
                    CountWritten(tenant, [record]);
                    written.Add(record);
                }
                else if (alone.Outcome == SinkOutcome.Rejected)
                {
                    DeadLetter(record, alone.Status, alone.Reason, cancellationToken);
                    dead.Add(record);
                }
                else
                {
                    var remaining = records.Skip(i).ToList();
                    metrics.RecordsRetried.WithLabels(sink.Name, tenant).Inc(remaining.Count);
                    return new DeliveryAttempt(tenant, written, dead, remaining, alone);
                }
            }

            return new DeliveryAttempt(tenant, written, dead, [], null);
        }
        finally
        {
            inFlight.Dec();
        }
    }

    /// <summary>Delivers the batch's records that are not done yet, retrying with back-off until the sink answered for each; completes them.</summary>
    /// <param name="batch">One tenant's records, in offset order.</param>
    /// <param name="wait">Blocks for the given back-off (or throws when the token is cancelled).</param>
    /// <param name="cancellationToken">Abandons the delivery: records not completed stay uncommitted.</param>
    public DeliveryResult Deliver(TenantBatch batch, Action<TimeSpan, CancellationToken> wait, CancellationToken cancellationToken)
    {
        IReadOnlyList<HeldRecord> records = batch.Records.Where(r => !r.IsDone).ToList();
        var result = default(DeliveryResult);
        for (var attempt = 0; records.Count > 0; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = Attempt(batch.Tenant, records, cancellationToken);
            foreach (var record in outcome.Written.Concat(outcome.DeadLettered))
            {
                record.Complete();
            }

            result += outcome.Result(0);
            if (outcome.RetryResponse is not { } retry)
            {
                if (attempt > 0)
                {
                    logger.LogInformation("Sink {Sink} took the records of tenant {Tenant} after {Attempts} attempts", sink.Name, batch.Tenant, attempt + 1);
                }

                break;
            }

            var delay = backoff.Next(attempt, retry.RetryAfter);
            RetryLog.Write(logger, sink.Name, batch.Tenant, outcome.Remaining.Count, attempt, retry, delay);
            result += new DeliveryResult(0, 0, 1);
            records = outcome.Remaining;
            wait(delay, cancellationToken);
        }

        return result;
    }

    /// <summary>Dead-letters a record, retrying the produce with back-off until the broker took it; counts it, does not complete it.</summary>
    private void DeadLetter(HeldRecord record, int status, string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                deadLetters.Write(record, sink.Name, status, reason);
                break;
            }
            catch (DeadLetterException ex)
            {
                logger.LogError(ex, "Could not dead-letter {Position} for sink {Sink}; retrying", record.Position, sink.Name);
                cancellationToken.WaitHandle.WaitOne(backoff.Next(attempt));
            }
        }

        logger.LogWarning(
            "Dead-lettered {Position} of tenant {Tenant}: sink {Sink} rejected it alone with {Status}: {Reason}",
            record.Position, record.Tenant, sink.Name, status, reason);
        metrics.RecordsDeadLettered.WithLabels(sink.Name, record.Tenant).Inc();
    }

    private void CountWritten(string tenant, IReadOnlyList<HeldRecord> records)
    {
        var samples = records.Sum(r => r.Samples);
        _written.WithLabels(sink.Name, tenant).Inc(records.Count);
        if (samples > 0)
        {
            metrics.SamplesWritten.WithLabels(sink.Name, tenant).Inc(samples);
        }
    }
}
