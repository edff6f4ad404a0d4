using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mla.Hosting.Loops;

/// <summary><c>/healthz</c>: unhealthy once a loop failed <see cref="LoopOptions.FailuresBeforeUnhealthy"/> times in a row, so the pod is restarted.</summary>
internal sealed class LoopsLivenessCheck(LoopSupervisor supervisor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = supervisor.Time.GetUtcNow();
        var options = supervisor.Options;
        var failing = supervisor.Loops
            .Select(l => (l.Name, Failures: l.FailuresInARow(now, options.HealthyAfter), l.LastError))
            .Where(l => l.Failures >= options.FailuresBeforeUnhealthy)
            .ToList();
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(string.Join("; ", failing.Select(l => $"loop {l.Name} failed {l.Failures} times in a row (last: {l.LastError})"))));
    }
}
