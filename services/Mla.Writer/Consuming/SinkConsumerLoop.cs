using System.Globalization;
using Confluent.Kafka;
using Mla.Writer.Batching;
using Mla.Writer.Configuration;
using Mla.Writer.Delivery;
using Mla.Writer.Metrics;
using Mla.Writer.Tenants;
using Prometheus;

namespace Mla.Writer.Consuming;

/// <summary>
/// One sink's consume loop, run on its own thread: consume in the sink's group, batch per tenant, deliver, and
/// commit only offsets whose records the sink accepted or the dead-letter topic took. While a batch is retried
/// the loop pauses its partitions and keeps polling (group membership stays alive, nothing new is read, nothing
/// later is committed). On shutdown it flushes what it holds, commits, and closes the consumer.
/// </summary>
public sealed class SinkConsumerLoop
{
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(2);

    private readonly string _sink;
    private readonly SinkOptions _options;
    private readonly WriterOptions _writer;
    private readonly BatchDelivery _delivery;
    private readonly DeletedTenantFilter _deletedTenants;
    private readonly WriterMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TenantBatcher _batcher;
    private readonly Gauge.Child _heldGauge;
    private readonly OffsetTracker _offsets = new();
    private readonly Queue<TenantBatch> _ready = new();
    private readonly Queue<(ConsumeResult<byte[]?, byte[]?> Record, PartitionProgress Progress, string Reason)> _unreadable = new();
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private TenantBatch? _current;
    private bool _paused;
    private long _lastLagReport;
    private Error? _fatal;
    private ErrorCode _lastErrorCode = ErrorCode.NoError;
    private long _lastErrorLogged;

    public SinkConsumerLoop(string sink, SinkOptions options, WriterOptions writer, BatchDelivery delivery, DeletedTenantFilter deletedTenants, WriterMetrics metrics, TimeProvider time, ILogger logger)
    {
        _sink = sink;
        _options = options;
        _writer = writer;
        _delivery = delivery;
        _deletedTenants = deletedTenants;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _batcher = new TenantBatcher(options.BatchMaxBytes, options.BatchMaxRecords, options.BatchMaxWait, time);
        Status = new SinkConsumerStatus(sink);
        _heldGauge = metrics.HeldRecords.WithLabels(sink);
    }

    public string Sink => _sink;

    public SinkConsumerStatus Status { get; }

    /// <summary>Runs until <paramref name="stopping"/> is cancelled or a fatal error; never throws.</summary>
    public void Run(CancellationToken stopping)
    {
        var groupId = _options.EffectiveGroupId(_sink);
        try
        {
            using var consumer = Build(groupId);
            _consumer = consumer;
            consumer.Subscribe(_writer.Topic);
            Status.Running();
            _logger.LogInformation("Sink {Sink}: consuming {Topic} in group {GroupId}, writing to {Url}", _sink, _writer.Topic, groupId, _options.Url);
            var failed = false;
            try
            {
                while (!stopping.IsCancellationRequested)
                {
                    Poll(PollTimeout());
                    DeliverHeld(includeAll: false, stopping);
                    Commit();
                    ReportLagIfDue();
                    _heldGauge.Set(Pending());
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Shutdown while a batch was retried: flushed below within the shutdown timeout.
            }
            catch (Exception ex)
            {
                failed = true;
                Fail(ex);
            }

            if (!failed)
            {
                FlushOnShutdown();
            }

            Close(consumer);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        finally
        {
            _consumer = null;
            Status.Stopped();
            _metrics.AssignedPartitions.WithLabels(_sink).Set(0);
            _heldGauge.Set(0);
        }
    }

    private IConsumer<byte[]?, byte[]?> Build(string groupId)
    {
        var sessionMs = (int)_writer.Kafka.SessionTimeout.TotalMilliseconds;
        var config = new ConsumerConfig(new Dictionary<string, string>(_writer.Kafka.Properties))
        {
            BootstrapServers = _writer.Kafka.BootstrapServers,
            GroupId = groupId,
            ClientId = $"mla-writer-{_sink}",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = false,
            AutoOffsetReset = _writer.Kafka.AutoOffsetReset,
            SessionTimeoutMs = sessionMs,
            HeartbeatIntervalMs = Math.Max(100, sessionMs / 3),
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,

            // The loop keeps polling while it retries, so only one very slow request could exceed this.
            MaxPollIntervalMs = (int)Math.Max(300_000, (_options.Timeout.TotalMilliseconds * 2) + 60_000),
        };
        return new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetErrorHandler((_, error) => OnError(error))
            .SetLogHandler((_, message) => KafkaLog.Write(_logger, message))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition), commit: true))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition), commit: false))
            .Build();
    }

    private TimeSpan PollTimeout()
    {
        var due = _batcher.NextDueIn();
        return due is { } left && left < MaxPoll ? left : MaxPoll;
    }

    private void Poll(TimeSpan timeout)
    {
        if (_fatal is { } fatal)
        {
            throw new KafkaException(fatal);
        }

        ConsumeResult<byte[]?, byte[]?>? result;
        try
        {
            result = _consumer!.Consume(timeout);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            // E.g. the topic does not exist (yet): librdkafka keeps trying.
            LogKafkaError(ex.Error);
            return;
        }

        if (result is null || result.IsPartitionEOF)
        {
            return;
        }

        Status.BrokersAnswered();
        Hold(result);
    }

    private void Hold(ConsumeResult<byte[]?, byte[]?> result)
    {
        var progress = _offsets.For(result.TopicPartition);
        var offset = result.Offset.Value;
        progress.Consumed(offset);
        if (RecordReader.TenantOf(result.Message) is { } tenant && _deletedTenants.TryDrop(_sink, tenant, result.Message.Timestamp))
        {
            // Not written, and its offset counts as done: committed like a written record's.
            progress.Done(offset);
        }
        else if (RecordReader.TryRead(result, () => progress.Done(offset), out var record, out var error))
        {
            foreach (var batch in _batcher.Add(record!))
            {
                _ready.Enqueue(batch);
            }
        }
        else
        {
            _unreadable.Enqueue((result, progress, error));
        }

        if (_paused)
        {
            // Assigned while a batch was retried: it waits like the others.
            _consumer!.Pause([result.TopicPartition]);
        }
    }

    private void DeliverHeld(bool includeAll, CancellationToken cancellationToken)
    {
        while (_unreadable.TryDequeue(out var unreadable))
        {
            DeadLetterUnreadable(unreadable.Record, unreadable.Progress, unreadable.Reason, cancellationToken);
        }

        foreach (var batch in includeAll ? _batcher.TakeAll() : _batcher.TakeDue())
        {
            _ready.Enqueue(batch);
        }

        while (_current is not null || _ready.Count > 0)
        {
            _current ??= _ready.Dequeue();
            DropDeletedTenants(_current);
            if (_current.Count > 0)
            {
                _delivery.Deliver(_current, WaitPolling, cancellationToken);
            }

            _current = null;
            while (_unreadable.TryDequeue(out var unreadable))
            {
                DeadLetterUnreadable(unreadable.Record, unreadable.Progress, unreadable.Reason, cancellationToken);
            }
        }

        ResumeAll();
    }

    /// <summary>A tenant deleted while its records waited in a batch: they are dropped now rather than written.</summary>
    private void DropDeletedTenants(TenantBatch batch)
    {
        batch.RemoveWhere(record =>
        {
            if (!_deletedTenants.TryDrop(_sink, record.Tenant, record.Source.Message.Timestamp))
            {
                return false;
            }

            record.Complete();
            return true;
        });
    }

    private void DeadLetterUnreadable(ConsumeResult<byte[]?, byte[]?> record, PartitionProgress progress, string reason, CancellationToken cancellationToken)
    {
        var tenant = RecordReader.TenantOf(record.Message) ?? "unknown";
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                _delivery.DeadLetters.Write(record, _sink, 0, reason);
                break;
            }
            catch (DeadLetterException ex)
            {
                _logger.LogError(ex, "Sink {Sink}: could not dead-letter {Position}; retrying", _sink, record.TopicPartitionOffset);
                WaitPolling(_delivery.Backoff.Next(attempt), cancellationToken);
            }
        }

        _logger.LogWarning("Sink {Sink}: dead-lettered unreadable record {Position}: {Reason}", _sink, record.TopicPartitionOffset, reason);
        _metrics.RecordsDeadLettered.WithLabels(_sink, tenant).Inc();
        progress.Done(record.Offset.Value);
    }

    /// <summary>The back-off of a retry: partitions paused, the consumer still polled (heartbeats, rebalances).</summary>
    private void WaitPolling(TimeSpan delay, CancellationToken cancellationToken)
    {
        PauseAll();
        var started = _time.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = delay - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            Poll(left < MaxPoll ? left : MaxPoll);
            ReportLagIfDue();
            _heldGauge.Set(Pending());
        }
    }

    private void PauseAll()
    {
        if (!_paused && _consumer is { } consumer)
        {
            consumer.Pause(consumer.Assignment);
            _paused = true;
        }
    }

    private void ResumeAll()
    {
        if (_paused && _consumer is { } consumer)
        {
            consumer.Resume(consumer.Assignment);
            _paused = false;
        }
    }

    private void Commit(IReadOnlyList<PartitionProgress>? only = null)
    {
        var partitions = only ?? _offsets.Partitions.ToList();
        var offsets = _offsets.ToCommit(partitions);
        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            _consumer!.Commit(offsets);
            OffsetTracker.MarkCommitted(partitions, offsets);
            _metrics.Commits.WithLabels(_sink, "ok").Inc();
            Status.BrokersAnswered();
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            // The offsets stay ahead of the last commit: the next commit carries them.
            _metrics.Commits.WithLabels(_sink, "failed").Inc();
            _logger.LogWarning("Sink {Sink}: committing {Offsets} failed: {Reason}", _sink, string.Join(", ", offsets), ex.Error.Reason);
        }
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        _offsets.Assigned(partitions);
        Status.Assigned(_offsets.Count);
        _metrics.AssignedPartitions.WithLabels(_sink).Set(_offsets.Count);
        _logger.LogInformation("Sink {Sink}: assigned {Partitions} (now {Count} partitions)", _sink, string.Join(", ", partitions.Select(p => p.Partition.Value)), _offsets.Count);
        _lastLagReport = 0;
    }

    private void OnRevoked(IEnumerable<TopicPartition> partitions, bool commit)
    {
        var set = partitions.ToHashSet();
        var known = set.Select(p => _offsets.Partitions.FirstOrDefault(x => x.Partition == p)).OfType<PartitionProgress>().ToList();
        if (commit && known.Count > 0)
        {
            Commit(known);
        }

        var revoked = _offsets.Revoke(set);
        var dropped = _batcher.RemoveWhere(r => set.Contains(r.Position.TopicPartition));
        var ready = _ready.ToList();
        _ready.Clear();
        foreach (var batch in ready)
        {
            dropped += batch.RemoveWhere(r => set.Contains(r.Position.TopicPartition));
            if (batch.Count > 0)
            {
                _ready.Enqueue(batch);
            }
        }

        var unreadable = _unreadable.Where(u => !set.Contains(u.Record.TopicPartition)).ToList();
        _unreadable.Clear();
        foreach (var item in unreadable)
        {
            _unreadable.Enqueue(item);
        }

        foreach (var progress in revoked)
        {
            _metrics.ConsumerLag.RemoveLabelled(_sink, progress.Partition.Topic, progress.Partition.Partition.Value.ToString(CultureInfo.InvariantCulture));
        }

        Status.Assigned(_offsets.Count);
        _metrics.AssignedPartitions.WithLabels(_sink).Set(_offsets.Count);
        _logger.LogInformation(
            "Sink {Sink}: {How} {Partitions}; {Dropped} held records dropped (the next owner reads them again from the last commit)",
            _sink, commit ? "revoked" : "lost", string.Join(", ", set.Select(p => p.Partition.Value)), dropped);
    }

    private void OnError(Error error)
    {
        if (error.IsFatal)
        {
            _fatal = error;
            return;
        }

        if (error.Code == ErrorCode.Local_AllBrokersDown)
        {
            Status.AllBrokersDown();
        }

        LogKafkaError(error);
    }

    /// <summary>librdkafka repeats an error on every retry (reconnects, polls): log a change, or a repeat twice a minute.</summary>
    private void LogKafkaError(Error error)
    {
        if (error.Code != _lastErrorCode || _time.GetElapsedTime(_lastErrorLogged) >= TimeSpan.FromSeconds(30))
        {
            _lastErrorCode = error.Code;
            _lastErrorLogged = _time.GetTimestamp();
            _logger.LogWarning("Sink {Sink}: Kafka error {Code}: {Reason}", _sink, error.Code, error.Reason);
        }
    }

    private void ReportLagIfDue()
    {
        if (_lastLagReport != 0 && _time.GetElapsedTime(_lastLagReport) < _writer.LagInterval)
        {
            return;
        }

        _lastLagReport = _time.GetTimestamp();
        var consumer = _consumer!;
        foreach (var progress in _offsets.Partitions.ToList())
        {
            try
            {
                var watermarks = consumer.QueryWatermarkOffsets(progress.Partition, WatermarkTimeout);
                Status.BrokersAnswered();
                var position = consumer.Position(progress.Partition);
                var from = position != Offset.Unset ? position.Value
                    : progress.Committed >= 0 ? progress.Committed
                    : watermarks.Low.Value;
                _metrics.ConsumerLag
                    .WithLabels(_sink, progress.Partition.Topic, progress.Partition.Partition.Value.ToString(CultureInfo.InvariantCulture))
                    .Set(Math.Max(0, watermarks.High.Value - from));
            }
            catch (KafkaException ex) when (!ex.Error.IsFatal)
            {
                _logger.LogDebug("Sink {Sink}: no watermarks for {Partition}: {Reason}", _sink, progress.Partition, ex.Error.Reason);
            }
        }
    }

    private void FlushOnShutdown()
    {
        using var deadline = new CancellationTokenSource(_writer.ShutdownTimeout);
        var held = Pending();
        try
        {
            DeliverHeld(includeAll: true, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning(
                "Sink {Sink}: could not write everything held within {Timeout} s of shutdown; the rest stays uncommitted and is read again on the next start",
                _sink, _writer.ShutdownTimeout.TotalSeconds);
        }
        catch (KafkaException ex)
        {
            _logger.LogError(ex, "Sink {Sink}: Kafka failed while flushing on shutdown", _sink);
        }

        Commit();
        _logger.LogInformation("Sink {Sink}: stopping; {Done} of {Held} records held at shutdown were written or dead-lettered", _sink, held - Pending(), held);
    }

    /// <summary>Records consumed by this loop and not yet written or dead-lettered (of the partitions it still owns).</summary>
    private int Pending() => _offsets.Partitions.Sum(p => p.PendingCount);

    private void Close(IConsumer<byte[]?, byte[]?> consumer)
    {
        try
        {
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            _logger.LogWarning("Sink {Sink}: closing the consumer: {Reason}", _sink, ex.Error.Reason);
        }
    }

    private void Fail(Exception ex)
    {
        Status.Failed(ex.Message);
        _logger.LogCritical(ex, "Sink {Sink}: the consume loop stopped; nothing more is written to this sink until the writer restarts", _sink);
    }
}
