using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Mla.Gateway.Kafka;

/// <summary>
/// Ready while a metadata request for each topic the gateway produces to — the metrics topic, and the logs topic
/// while the logs path is on (<c>Mla:Gateway:LogsEnabled</c>) — answers within <c>ReadinessTimeout</c> with a
/// leader for every partition; the result is reused for <c>ReadinessCacheDuration</c> and concurrent probes share
/// one request. Only on <c>/readyz</c>: <c>/healthz</c> stays up without Kafka.
/// </summary>
internal sealed class KafkaReadinessCheck(IngestionProducer producer, IOptions<GatewayOptions> options, TimeProvider time) : IHealthCheck
{
    private readonly Lock _gate = new();
    private readonly GatewayKafkaOptions _kafka = options.Value.Kafka;
    private readonly string[] _topics = options.Value.LogsEnabled ? [options.Value.Kafka.Topic, options.Value.Kafka.LogsTopic] : [options.Value.Kafka.Topic];
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
            var found = new List<string>(_topics.Length);
            var brokers = 0;
            foreach (var name in _topics)
            {
                var metadata = admin.GetMetadata(name, _kafka.ReadinessTimeout);
                brokers = metadata.Brokers.Count;
                var topic = metadata.Topics.FirstOrDefault(t => t.Topic == name);
                if (topic is null || topic.Error.IsError)
                {
                    return HealthCheckResult.Unhealthy($"topic {name}: {topic?.Error.Reason ?? "not in the metadata"}");
                }

                var leaderless = topic.Partitions.Count(p => p.Leader < 0);
                if (topic.Partitions.Count == 0 || leaderless > 0)
                {
                    return HealthCheckResult.Unhealthy($"topic {name}: {leaderless} of {topic.Partitions.Count} partitions have no leader");
                }

                found.Add($"topic {name} with {topic.Partitions.Count} partitions");
            }

            return HealthCheckResult.Healthy($"{brokers} brokers, {string.Join(", ", found)}");
        }
        catch (KafkaException ex)
        {
            return HealthCheckResult.Unhealthy($"Kafka does not answer: {ex.Error.Reason}");
        }
    }
}
