using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Mla.Gateway.Observability;
using Mla.Gateway.RemoteWrite;
using Mla.Ingestion.Kafka;

namespace Mla.Gateway.Kafka;

/// <summary>
/// The process's one idempotent Kafka producer, for the metrics and the logs topic (<see cref="Metrics"/>,
/// <see cref="Logs"/>). A request's records are acknowledged
/// (persisted, acks=all) within <c>ProduceDeadline</c> or the request fails. After a fatal error (the idempotent
/// producer cannot go on) the next request gets a new producer.
/// </summary>
public sealed class IngestionProducer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ProducerConfig _config;
    private readonly TimeSpan _deadline;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestionProducer> _logger;
    private IProducer<string, byte[]>? _producer;
    private int _generation;
    private Error? _fatal;
    private bool _disposed;

    public IngestionProducer(IOptions<GatewayOptions> options, GatewayMetrics metrics, TimeProvider time, ILogger<IngestionProducer> logger)
    {
        var kafka = options.Value.Kafka;
        _config = KafkaProducerConfig.Create(kafka);
        Metrics = new ProduceTarget(kafka.Topic, IngestionHeaders.RemoteWriteV1Format);
        Logs = new ProduceTarget(kafka.LogsTopic, IngestionHeaders.LokiPushV1Format);
        _deadline = kafka.ProduceDeadline;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Remote-write records to <c>Mla:Gateway:Kafka:Topic</c>.</summary>
    public ProduceTarget Metrics { get; }

    /// <summary>Loki push records to <c>Mla:Gateway:Kafka:LogsTopic</c>.</summary>
    public ProduceTarget Logs { get; }

    public string Topic => Metrics.Topic;

    /// <summary>The last fatal error of the current producer, until a new one replaces it.</summary>
    public Error? FatalError => Volatile.Read(ref _fatal);

    /// <summary>The librdkafka handle, e.g. for a dependent admin client (readiness).</summary>
    public Handle Handle => Current().Handle;

    public Task<ProduceOutcome> ProduceAsync(string tenant, IReadOnlyList<PushRecord> records, long receivedAtMs, string? traceParent) =>
        ProduceAsync(Metrics, tenant, records, receivedAtMs, traceParent);

    /// <summary>Produces the records with key and tenant header <paramref name="tenant"/>; persisted (acks=all) within the deadline or failed.</summary>
    public async Task<ProduceOutcome> ProduceAsync(ProduceTarget target, string tenant, IReadOnlyList<PushRecord> records, long receivedAtMs, string? traceParent)
    {
        var started = _time.GetTimestamp();
        var deliveries = new List<Task<DeliveryResult<string, byte[]>>>(records.Count);
        try
        {
            var producer = Current();
            foreach (var record in records)
            {
                deliveries.Add(producer.ProduceAsync(target.Topic, new Message<string, byte[]>
                {
                    Key = tenant,
                    Value = record.Value,
                    Headers = Headers(target, tenant, receivedAtMs, record.Samples, traceParent),
                }));
            }
        }
        catch (Exception ex) when (ex is KafkaException or ObjectDisposedException)
        {
            return Fail($"Kafka did not take the records: {ex.Message}", deliveries, records.Count);
        }

        var all = Task.WhenAll(deliveries);
        try
        {
            var results = await all.WaitAsync(_deadline, _time);
            if (results.Any(result => result.Status != PersistenceStatus.Persisted))
            {
                return Fail("Kafka did not confirm that the records were written", deliveries, records.Count);
            }

            _metrics.KafkaRecords.WithLabels("persisted").Inc(records.Count);
            _metrics.KafkaProduceDuration.Observe(_time.GetElapsedTime(started).TotalSeconds);
            return ProduceOutcome.Success(Task.CompletedTask);
        }
        catch (TimeoutException)
        {
            return Fail($"Kafka did not acknowledge within {_deadline.TotalSeconds:0.###} s (Mla:Gateway:Kafka:ProduceDeadline)", deliveries, records.Count);
        }
        catch (KafkaException ex)
        {
            return Fail($"Kafka refused the records: {ex.Error.Reason}", deliveries, records.Count);
        }
    }

    /// <summary>Waits for the records in librdkafka's queue to be delivered (shutdown).</summary>
    public void Flush(TimeSpan timeout)
    {
        IProducer<string, byte[]>? producer;
        lock (_gate)
        {
            producer = _producer;
        }

        var left = producer?.Flush(timeout) ?? 0;
        if (left > 0)
        {
            _logger.LogWarning("{Records} records were still not acknowledged by Kafka at shutdown", left);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _producer?.Dispose();
            _producer = null;
        }
    }

    private ProduceOutcome Fail(string reason, List<Task<DeliveryResult<string, byte[]>>> deliveries, int records)
    {
        _metrics.KafkaRecords.WithLabels("failed").Inc(records);
        return ProduceOutcome.Failed(reason, Settle(deliveries));
    }

    /// <summary>A task that completes when every delivery did, observing their exceptions.</summary>
    private static Task Settle(List<Task<DeliveryResult<string, byte[]>>> deliveries) =>
        Task.WhenAll(deliveries).ContinueWith(
            static task => { _ = task.Exception; },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private static Headers Headers(ProduceTarget target, string tenant, long receivedAtMs, int samples, string? traceParent)
    {
        var headers = new Headers
        {
            { IngestionHeaders.Tenant, Encoding.UTF8.GetBytes(tenant) },
            { IngestionHeaders.Format, target.FormatValue },
            { IngestionHeaders.ReceivedAt, Encoding.UTF8.GetBytes(receivedAtMs.ToString(CultureInfo.InvariantCulture)) },
            { IngestionHeaders.Samples, Encoding.UTF8.GetBytes(samples.ToString(CultureInfo.InvariantCulture)) },
        };
        if (traceParent is not null)
        {
            headers.Add(IngestionHeaders.TraceParent, Encoding.UTF8.GetBytes(traceParent));
        }

        return headers;
    }

    private IProducer<string, byte[]> Current()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_producer is not null && _fatal is null)
            {
                return _producer;
            }

            if (_producer is { } failed)
            {
                _logger.LogWarning("Replacing the Kafka producer after its fatal error: {Reason}", _fatal?.Reason);
                _ = Task.Run(failed.Dispose);
            }

            _fatal = null;
            _producer = Build(++_generation);
            return _producer;
        }
    }

    private IProducer<string, byte[]> Build(int generation) =>
        new ProducerBuilder<string, byte[]>(_config)
            .SetErrorHandler((_, error) => OnError(generation, error))
            .SetLogHandler((_, message) => KafkaLog.Write(_logger, message))
            .Build();

    private void OnError(int generation, Error error)
    {
        if (!error.IsFatal)
        {
            // librdkafka's log callback already reports each connection failure; only the transitions matter here.
            _logger.Log(
                error.Code == ErrorCode.Local_AllBrokersDown ? LogLevel.Warning : LogLevel.Debug,
                "Kafka: {Reason} ({Code})",
                error.Reason,
                error.Code);
            return;
        }

        _logger.LogCritical("Kafka producer failed fatally: {Reason} ({Code}); the next request gets a new producer", error.Reason, error.Code);
        lock (_gate)
        {
            if (generation == _generation)
            {
                _fatal = error;
            }
        }
    }
}
