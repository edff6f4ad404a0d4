using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Mla.Writer.Configuration;
using Mla.Writer.Consuming;
using Mla.Writer.Tenants;

namespace Mla.Writer.Health;

/// <summary>
/// Ready while every sink's consume loop runs, has joined its group (an assignment came) and reaches a broker; when
/// tenants are followed, the loops start only after the first tenant list.
/// </summary>
internal sealed class WriterHealthCheck(WriterSinks sinks, IOptions<WriterOptions> options, DeletedTenants deletedTenants) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (sinks.Loops.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("no sink enabled"));
        }

        if (options.Value.Tenants.Enabled && !deletedTenants.IsLoaded)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("waiting for the first tenant list (Mla:Writer:Tenants:Url) before consuming"));
        }

        var problems = new List<string>();
        var fine = new List<string>();
        foreach (var status in sinks.Loops.Select(l => l.Status))
        {
            var problem = status switch
            {
                { State: SinkConsumerState.Failed } => $"sink {status.Sink}: consume loop failed: {status.Error}",
                { State: SinkConsumerState.Stopped } => $"sink {status.Sink}: consume loop stopped",
                { BrokersDown: true } => $"sink {status.Sink}: all Kafka brokers are down",
                { AssignmentReceived: false } => $"sink {status.Sink}: waiting to join the consumer group",
                _ => null,
            };
            if (problem is null)
            {
                fine.Add($"sink {status.Sink}: {status.Partitions} partitions");
            }
            else
            {
                problems.Add(problem);
            }
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy(string.Join("; ", fine))
            : HealthCheckResult.Unhealthy(string.Join("; ", problems)));
    }
}
