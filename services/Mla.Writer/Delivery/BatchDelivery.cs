using Mla.Writer.Batching;
using Mla.Writer.Metrics;
using Mla.Writer.Sinks;
using Prometheus;

namespace Mla.Writer.Delivery;

/// <summary>
/// Sends a tenant batch until the sink answered for every record: retryable answers are retried with back-off
/// (the caller's <c>wait</c> keeps its consumer alive meanwhile); a permanent 4xx for a merged batch is retried
/// record by record, so one bad sample does not dead-letter the good records sent with it, and only records
/// rejected alone go to the dead-letter topic. Each record is completed once written or dead-lettered, never before.
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

    /// <summary>Delivers the batch's records that are not done yet.</summary>
    /// <param name="batch">One tenant's records, in offset order.</param>
    /// <param name="wait">Blocks for the given back-off (or throws when the token is cancelled).</param>
    /// <param name="cancellationToken">Abandons the delivery: records not completed stay uncommitted.</param>
    public DeliveryResult Deliver(TenantBatch batch, Action<TimeSpan, CancellationToken> wait, CancellationToken cancellationToken)
    {
        var records = batch.Records.Where(r => !r.IsDone).ToList();
        if (records.Count == 0)
        {
            return default;
        }

        var inFlight = metrics.BatchesInFlight.WithLabels(sink.Name);
        inFlight.Inc();
        try
        {
            var (response, retries) = SendUntilAnswered(batch.Tenant, records, wait, cancellationToken);
            var result = new DeliveryResult(0, 0, retries);
            if (response.Outcome == SinkOutcome.Accepted)
            {
                return result + Written(batch.Tenant, records);
            }

            if (records.Count == 1)
            {
                return result + DeadLetter(records[0], response.Status, response.Reason, wait, cancellationToken);
            }

            logger.LogWarning(
                "Sink {Sink} rejected a batch of {Records} records of tenant {Tenant} with {Status}: {Reason}; sending them one by one",
                sink.Name, records.Count, batch.Tenant, response.Status, response.Reason);
            foreach (var record in records)
            {
                var (alone, aloneRetries) = SendUntilAnswered(batch.Tenant, [record], wait, cancellationToken);
                result += new DeliveryResult(0, 0, aloneRetries);
                result += alone.Outcome == SinkOutcome.Accepted
                    ? Written(batch.Tenant, [record])
                    : DeadLetter(record, alone.Status, alone.Reason, wait, cancellationToken);
            }

            return result;
        }
        finally
        {
            inFlight.Dec();
        }
    }

    /// <summary>Dead-letters a record, retrying the produce with back-off until the broker took it; then completes it.</summary>
    public DeliveryResult DeadLetter(HeldRecord record, int status, string reason, Action<TimeSpan, CancellationToken> wait, CancellationToken cancellationToken)
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
                wait(backoff.Next(attempt), cancellationToken);
            }
        }

        logger.LogWarning(
            "Dead-lettered {Position} of tenant {Tenant}: sink {Sink} rejected it alone with {Status}: {Reason}",
            record.Position, record.Tenant, sink.Name, status, reason);
        metrics.RecordsDeadLettered.WithLabels(sink.Name, record.Tenant).Inc();
        record.Complete();
        return new DeliveryResult(0, 1, 0);
    }

    private (SinkResponse Response, int Retries) SendUntilAnswered(
        string tenant,
        List<HeldRecord> records,
        Action<TimeSpan, CancellationToken> wait,
        CancellationToken cancellationToken)
    {
        var body = RemoteWriteBody.For(records);
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var response = sink.Send(tenant, body, cancellationToken);
            if (response.Outcome != SinkOutcome.Retryable)
            {
                if (attempt > 0)
                {
                    logger.LogInformation("Sink {Sink} answered {Status} for tenant {Tenant} after {Attempts} attempts", sink.Name, response.Status, tenant, attempt + 1);
                }

                return (response, attempt);
            }

            var delay = backoff.Next(attempt, response.RetryAfter);
            if (attempt == 0 || (attempt & (attempt - 1)) == 0)
            {
                logger.LogWarning(
                    "Sink {Sink} did not take {Records} records of tenant {Tenant} (attempt {Attempt}, status {Status}: {Reason}); retrying in {Delay} ms",
                    sink.Name, records.Count, tenant, attempt + 1, response.Status, response.Reason, (long)delay.TotalMilliseconds);
            }

            metrics.RecordsRetried.WithLabels(sink.Name, tenant).Inc(records.Count);
            wait(delay, cancellationToken);
        }
    }

    private DeliveryResult Written(string tenant, List<HeldRecord> records)
    {
        long samples = 0;
        foreach (var record in records)
        {
            samples += record.Samples;
            record.Complete();
        }

        _written.WithLabels(sink.Name, tenant).Inc(records.Count);
        if (samples > 0)
        {
            metrics.SamplesWritten.WithLabels(sink.Name, tenant).Inc(samples);
        }

        return new DeliveryResult(records.Count, 0, 0);
    }
}
