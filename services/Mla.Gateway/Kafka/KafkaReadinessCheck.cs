using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Mla.Gateway.Kafka;

/// <summary>
/// Ready while a metadata request for the topic answers within <c>ReadinessTimeout</c>; the result is reused for
/// <c>ReadinessCacheDuration</c> and concurrent probes share one request. Only on <c>/readyz</c>: <c>/healthz</c>
/// stays up without Kafka.
/// </summary>
internal sealed class KafkaReadinessCheck(IngestionProducer producer, IOptions<GatewayOptions> options, TimeProvider time) : IHealthCheck
{
    private readonly Lock _gate = new();
    private readonly GatewayKafkaOptions _kafka = options.Value.Kafka;
    private Task<HealthCheckResult>? _probe;
    private long _probedAt;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var fresh = _probe is not null && (!_probe.IsCompleted || time.GetElapsedTime(_probedAt) < _kafka.ReadinessCacheDuration);
            if (!fresh)
            {
                _probedAt = time.GetTimestamp();
                _probe = Task.Run(Probe, CancellationToken.None);
            }

            return _probe!.WaitAsync(cancellationToken);
        }
    }

    private HealthCheckResult Probe()
    {
        if (producer.FatalError is { } fatal)
        {
            return HealthCheckResult.Unhealthy($"the Kafka producer failed fatally: {fatal.Reason}");
        }

        try
        {
            using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
            var metadata = admin.GetMetadata(_kafka.Topic, _kafka.ReadinessTimeout);
            var topic = metadata.Topics.FirstOrDefault(t => t.Topic == _kafka.Topic);
            if (topic is null || topic.Error.IsError)
            {
                return HealthCheckResult.Unhealthy($"topic {_kafka.Topic}: {topic?.Error.Reason ?? "not in the metadata"}");
            }

            var leaderless = topic.Partitions.Count(p => p.Leader < 0);
            return topic.Partitions.Count == 0 || leaderless > 0
                ? HealthCheckResult.Unhealthy($"topic {_kafka.Topic}: {leaderless} of {topic.Partitions.Count} partitions have no leader")
                : HealthCheckResult.Healthy($"{metadata.Brokers.Count} brokers, topic {_kafka.Topic} with {topic.Partitions.Count} partitions");
        }
        catch (KafkaException ex)
        {
            return HealthCheckResult.Unhealthy($"Kafka does not answer: {ex.Error.Reason}");
        }
    }
}
