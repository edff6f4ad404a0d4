using System.Text;
using Confluent.Kafka;
using Mla.Ingestion.Kafka;
using Mla.Writer.Batching;
using Mla.Writer.Configuration;
using Mla.Writer.Consuming;
using Mla.Writer.Delivery;
using Mla.Writer.Metrics;
using Mla.Writer.Sinks;
using Mla.Writer.Tenants;

namespace Mla.Writer.Replay;

/// <summary>
/// Writes one tenant's records of a time range to a sink again. A consumer of its own with no group commit:
/// each partition is assigned from <c>OffsetsForTimes(from)</c> and read up to the end offset captured at the
/// start (or until records are later than <c>to</c> plus the slack); only the tenant's records whose timestamp
/// lies in [from, to] are written, with the same batching, retries and dead-lettering as the consume loops, and the
/// same dropping of a deleted tenant's records (<see cref="DeletedTenantFilter"/>).
/// </summary>
internal sealed class ReplayJob(
    ReplayRun run,
    WriterOptions options,
    SinkDefinition sink,
    IDeadLetterWriter deadLetters,
    DeletedTenants deletedTenants,
    DeletedTenantFilter deletedTenantFilter,
    WriterMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly ReplayRequest _request = run.Request;
    private readonly BatchDelivery _delivery = new(
        sink.Client,
        deadLetters,
        new Backoff(sink.Options.RetryInitialDelay, sink.Options.RetryMaxDelay),
        metrics,
        logger,
        metrics.ReplayRecordsWritten);

    private long _lastProgressLog;

    public void Run(CancellationToken stopping)
    {
        logger.LogInformation(
            "Replay {ReplayId}: tenant {Tenant} from {From:O} to {To:O} into sink {Sink}",
            run.Id, _request.Tenant, _request.From, _request.To, _request.Sink);
        try
        {
            if (options.Tenants.Enabled)
            {
                // Like the consume loops: nothing is written before the tenant list says who is deleted.
                deletedTenants.WaitUntilLoadedAsync(stopping).GetAwaiter().GetResult();
            }

            Execute(stopping);
            run.Finish(ReplayState.Completed, time.GetUtcNow());
            LogProgress("finished");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            run.Finish(ReplayState.Cancelled, time.GetUtcNow());
            LogProgress("cancelled by shutdown");
        }
        catch (Exception ex)
        {
            run.Error(ex.Message);
            run.Finish(ReplayState.Failed, time.GetUtcNow());
            logger.LogError(ex, "Replay {ReplayId} failed", run.Id);
        }
    }

    private void Execute(CancellationToken stopping)
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(options.Kafka.Properties))
        {
            BootstrapServers = options.Kafka.BootstrapServers,

            // Needed by the client, but never joined (Assign, not Subscribe) and never committed to.
            GroupId = $"mla-writer-replay-{run.Id}",
            ClientId = $"mla-writer-replay-{run.Id}",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, message) => KafkaLog.Write(logger, message, errorHandlerLogsFailures: true))
            .SetErrorHandler((_, error) => run.Error($"Kafka: {error.Code}: {error.Reason}"))
            .Build();
        try
        {
            var active = Start(consumer);
            ReadUntilDone(consumer, active, stopping);
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>Finds the partitions, their end offsets now, and where <c>from</c> starts in each; assigns those with something to read.</summary>
    private Dictionary<TopicPartition, long> Start(IConsumer<byte[]?, byte[]?> consumer)
    {
        var timeout = options.Replay.LookupTimeout;
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var topic = admin.GetMetadata(options.Topic, timeout).Topics.SingleOrDefault(t => t.Topic == options.Topic);
        if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
        {
            throw new InvalidOperationException($"topic {options.Topic} not found: {topic?.Error.Reason ?? "no metadata"}");
        }

        var partitions = topic.Partitions.Select(p => new TopicPartition(options.Topic, p.PartitionId)).OrderBy(p => p.Partition.Value).ToList();
        run.PartitionsTotal = partitions.Count;
        var watermarks = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, timeout));
        var starts = consumer.OffsetsForTimes(partitions.Select(p => new TopicPartitionTimestamp(p, new Timestamp(_request.From))), timeout)
            .ToDictionary(s => s.TopicPartition, s => s.Offset.Value);
        CheckNoRecordSince(consumer, watermarks, starts, timeout);
        var active = new Dictionary<TopicPartition, long>();
        var assignment = new List<TopicPartitionOffset>();
        foreach (var (partition, start) in starts)
        {
            var end = watermarks[partition].High.Value;
            if (start < 0 || start >= end)
            {
                run.PartitionDone();
                continue;
            }

            active[partition] = end;
            assignment.Add(new TopicPartitionOffset(partition, start));
        }

        logger.LogInformation(
            "Replay {ReplayId}: reading {Active} of {Total} partitions: {Ranges}",
            run.Id, active.Count, partitions.Count, string.Join(", ", assignment.Select(a => $"{a.Partition.Value}:[{a.Offset.Value},{active[a.TopicPartition]})")));
        consumer.Assign(assignment);
        return active;
    }

    /// <summary>
    /// "No record at or after <c>from</c>" (offset -1) is checked against the partition's last record: a broker that
    /// does not resolve times (librdkafka's mock answers -1 to every time) would otherwise make the replay skip
    /// data. When the last record is not older than <c>from</c>, the partition is read from its start instead.
    /// </summary>
    private void CheckNoRecordSince(
        IConsumer<byte[]?, byte[]?> consumer,
        Dictionary<TopicPartition, WatermarkOffsets> watermarks,
        Dictionary<TopicPartition, long> starts,
        TimeSpan timeout)
    {
        var suspicious = starts
            .Where(s => s.Value < 0 && watermarks[s.Key].High.Value > Math.Max(0, watermarks[s.Key].Low.Value))
            .Select(s => s.Key)
            .ToHashSet();
        if (suspicious.Count == 0)
        {
            return;
        }

        consumer.Assign(suspicious.Select(p => new TopicPartitionOffset(p, watermarks[p].High.Value - 1)));
        var deadline = time.GetTimestamp();
        while (suspicious.Count > 0 && time.GetElapsedTime(deadline) < timeout)
        {
            var last = consumer.Consume(Poll);
            if (last is null || last.IsPartitionEOF || !suspicious.Remove(last.TopicPartition))
            {
                continue;
            }

            if (last.Message.Timestamp.UnixTimestampMs >= _request.From.ToUnixTimeMilliseconds())
            {
                logger.LogWarning(
                    "Replay {ReplayId}: the broker found no offset for {From:O} in {Partition}, but its last record is newer; reading it from its start",
                    run.Id, _request.From, last.TopicPartition);
                starts[last.TopicPartition] = Math.Max(0, watermarks[last.TopicPartition].Low.Value);
            }
        }

        consumer.Unassign();
        if (suspicious.Count > 0)
        {
            throw new InvalidOperationException(
                $"could not read the last record of {string.Join(", ", suspicious)} within {timeout.TotalSeconds:0} s to check where {_request.From:O} starts");
        }
    }

    private void ReadUntilDone(IConsumer<byte[]?, byte[]?> consumer, Dictionary<TopicPartition, long> active, CancellationToken stopping)
    {
        var batcher = new TenantBatcher(sink.Options.BatchMaxBytes, sink.Options.BatchMaxRecords, sink.Options.BatchMaxWait, time);
        var tenantKey = Encoding.UTF8.GetBytes(_request.Tenant);
        var from = _request.From.ToUnixTimeMilliseconds();
        var to = _request.To.ToUnixTimeMilliseconds();
        var stopAfter = to + (long)options.Replay.TimestampSlack.TotalMilliseconds;
        _lastProgressLog = time.GetTimestamp();
        while (active.Count > 0)
        {
            stopping.ThrowIfCancellationRequested();
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = consumer.Consume(Poll);
            }
            catch (ConsumeException ex) when (!ex.Error.IsFatal)
            {
                run.Error($"consume: {ex.Error.Code}: {ex.Error.Reason}");
                result = null;
            }

            if (result is not null && active.TryGetValue(result.TopicPartition, out var end))
            {
                if (result.IsPartitionEOF || result.Offset.Value >= end)
                {
                    if (result.Offset.Value >= end)
                    {
                        Finish(consumer, active, result.TopicPartition);
                    }
                }
                else
                {
                    run.Scanned();
                    var timestamp = result.Message.Timestamp.UnixTimestampMs;
                    if (timestamp >= from && timestamp <= to && IsTenant(result.Message, tenantKey))
                    {
                        Take(result, batcher, stopping);
                    }

                    if (result.Offset.Value + 1 >= end || timestamp > stopAfter)
                    {
                        Finish(consumer, active, result.TopicPartition);
                    }
                }
            }

            foreach (var batch in batcher.TakeDue())
            {
                run.Delivered(_delivery.Deliver(batch, Wait, stopping));
            }

            if (time.GetElapsedTime(_lastProgressLog) >= options.Replay.ProgressInterval)
            {
                _lastProgressLog = time.GetTimestamp();
                LogProgress("running");
            }
        }

        foreach (var batch in batcher.TakeAll())
        {
            run.Delivered(_delivery.Deliver(batch, Wait, stopping));
        }
    }

    private void Take(ConsumeResult<byte[]?, byte[]?> result, TenantBatcher batcher, CancellationToken stopping)
    {
        run.Matched();
        if (deletedTenantFilter.Drops(_request.Tenant, result.Message.Timestamp))
        {
            run.Dropped();
            return;
        }

        if (!RecordReader.TryRead(result, onComplete: null, out var record, out var error, SinkTypes.FormatOf(sink.Options.Type)))
        {
            run.Error($"{result.TopicPartitionOffset}: {error} (dead-lettered when it was first consumed)");
            return;
        }

        foreach (var batch in batcher.Add(record!))
        {
            run.Delivered(_delivery.Deliver(batch, Wait, stopping));
        }
    }

    private void Finish(IConsumer<byte[]?, byte[]?> consumer, Dictionary<TopicPartition, long> active, TopicPartition partition)
    {
        if (active.Remove(partition))
        {
            consumer.Pause([partition]);
            run.PartitionDone();
        }
    }

    private static bool IsTenant(Message<byte[]?, byte[]?> message, byte[] tenantKey) =>
        message.Headers is not null && message.Headers.TryGetLastBytes(IngestionHeaders.Tenant, out var header) && header is not null
            ? header.AsSpan().SequenceEqual(tenantKey)
            : message.Key is { } key && key.AsSpan().SequenceEqual(tenantKey);

    private void Wait(TimeSpan delay, CancellationToken cancellationToken)
    {
        run.Error($"sink {sink.Name} did not take a batch; retrying in {delay.TotalMilliseconds:0} ms");
        cancellationToken.WaitHandle.WaitOne(delay);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void LogProgress(string phase) =>
        logger.LogInformation(
            "Replay {ReplayId} {Phase}: {Done}/{Total} partitions done, {Scanned} records scanned, {Matched} of tenant {Tenant} in range, {Written} written, {DeadLettered} dead-lettered, {Dropped} dropped (tenant deleted), {Errors} errors",
            run.Id, phase, run.PartitionsDone, run.PartitionsTotal, run.RecordsScanned, run.RecordsMatched, _request.Tenant, run.RecordsWritten, run.RecordsDeadLettered, run.RecordsDropped, run.ErrorCount);
}
