using Confluent.Kafka;
using Mla.Writer.Batching;
using Mla.Writer.Configuration;
using Mla.Writer.Delivery;
using Mla.Writer.Metrics;
using Mla.Writer.Sinks;
using Mla.Writer.Tenants;
using Mla.Writer.TenantRetry;
using Prometheus;

namespace Mla.Writer.Consuming;

/// <summary>
/// One sink's consume loop, run on its own thread: poll (<see cref="RecordPolling"/>), batch per tenant, hand the
/// batches to the per-tenant retry state and its request threads (<see cref="TenantDispatcher"/>), dead-letter
/// unreadable records, pause or resume partitions as the retry state asks, commit only offsets whose records are
/// done, and report lag. On shutdown it flushes what it holds (<see cref="ShutdownFlush"/>), commits, and closes.
/// </summary>
public sealed class SinkConsumerLoop
{
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>While requests are out, the loop polls this briefly so their results are applied soon.</summary>
    private static readonly TimeSpan PollWhileSending = TimeSpan.FromMilliseconds(20);

    private readonly string _sink;
    private readonly SinkOptions _options;
    private readonly WriterOptions _writer;
    private readonly BatchDelivery _delivery;
    private readonly IRetryTopicWriter _retryTopic;
    private readonly DeletedTenantFilter _deletedTenants;
    private readonly WriterMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Gauge.Child _heldGauge;

    public SinkConsumerLoop(
        string sink,
        SinkOptions options,
        WriterOptions writer,
        BatchDelivery delivery,
        IRetryTopicWriter retryTopic,
        DeletedTenantFilter deletedTenants,
        WriterMetrics metrics,
        TimeProvider time,
        ILogger logger)
    {
        _sink = sink;
        _options = options;
        _writer = writer;
        _delivery = delivery;
        _retryTopic = retryTopic;
        _deletedTenants = deletedTenants;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        Status = new SinkConsumerStatus(sink);
        _heldGauge = metrics.HeldRecords.WithLabels(sink);
    }

    public string Sink => _sink;

    public SinkConsumerStatus Status { get; }

    /// <summary>Runs until <paramref name="stopping"/> is cancelled or a fatal error; never throws.</summary>
    public void Run(CancellationToken stopping)
    {
        var retryTopic = _retryTopic.Topic;
        var offsets = new OffsetTracker();
        var batcher = new TenantBatcher(_options.BatchMaxBytes, _options.BatchMaxRecords, _options.BatchMaxWait, _time);
        var state = new TenantRetryState(_sink, retryTopic, _options, _delivery.Backoff, _metrics, _time, _logger)
        {
            Drops = record => _deletedTenants.TryDrop(_sink, record.Tenant, record.Source.Message.Timestamp),
        };
        var errors = new KafkaErrors(_sink, Status, _time, _logger);
        var committer = new OffsetCommitter(_sink, offsets, Status, _metrics, _logger);
        var unreadable = new UnreadableRecords(_sink, _delivery.DeadLetters, _delivery.Backoff, _metrics, _time, _logger);
        var pauses = new PartitionPauses(retryTopic);
        var lag = new ConsumerLagReporter(_sink, _writer.LagInterval, offsets, Status, _metrics, _time, _logger);
        var rebalance = new PartitionRebalance(_sink, offsets, committer, batcher, state, unreadable, pauses, lag, Status, _metrics, _logger);
        int Pending() => offsets.Partitions.Sum(p => p.PendingCount);
        try
        {
            using var dispatcher = new TenantDispatcher(state, _delivery, _retryTopic, _options.MaxConcurrentRequests);
            using var consumer = SinkConsumerFactory.Build(_sink, _options, _writer, errors, rebalance, _logger);
            rebalance.Attach(consumer);
            var polling = new RecordPolling(_sink, SinkTypes.FormatOf(_options.Type), retryTopic, offsets, batcher, dispatcher, unreadable, _deletedTenants, Status, errors);
            consumer.Subscribe([_writer.Topic, retryTopic]);
            Status.Running();
            _logger.LogInformation(
                "Sink {Sink}: consuming {Topic} and {RetryTopic} in group {GroupId}, writing to {Url} with up to {Concurrency} requests at once",
                _sink, _writer.Topic, retryTopic, _options.EffectiveGroupId(_sink), UrlRedaction.Redact(_options.Url), _options.MaxConcurrentRequests);
            var failed = false;
            try
            {
                while (!stopping.IsCancellationRequested)
                {
                    errors.ThrowIfFatal();
                    var caughtUp = polling.Poll(consumer, PollTimeout(batcher, state));
                    dispatcher.Enqueue(batcher.TakeDue());
                    if (caughtUp && _options.SendEarlyWhenCaughtUp && _options.MaxConcurrentRequests - state.InFlight is > 0 and var free)
                    {
                        dispatcher.Enqueue(batcher.TakeOldest(free));
                    }

                    unreadable.DeadLetterDue();
                    dispatcher.Pump();
                    pauses.Apply(consumer, state.MainTopicPause, state.RetryTopicPause);
                    committer.Commit(consumer);
                    lag.ReportIfDue(consumer);
                    state.Report();
                    _heldGauge.Set(Pending());
                }
            }
            catch (Exception ex)
            {
                failed = true;
                Fail(ex);
            }

            if (!failed)
            {
                new ShutdownFlush(_sink, _writer.ShutdownTimeout, batcher, dispatcher, unreadable, committer, _time, _logger).Flush(consumer, Pending);
            }

            lag.Stop();
            Close(consumer);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        finally
        {
            Status.Stopped();
            state.Clear();
            _metrics.AssignedPartitions.WithLabels(_sink).Set(0);
            _heldGauge.Set(0);
        }
    }

    private static TimeSpan PollTimeout(TenantBatcher batcher, TenantRetryState state)
    {
        var timeout = state.InFlight > 0 ? PollWhileSending : MaxPoll;
        foreach (var due in new[] { batcher.NextDueIn(), state.NextDueIn() })
        {
            if (due is { } left && left < timeout)
            {
                timeout = left;
            }
        }

        return timeout;
    }

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
