using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mla.Hosting.Loops;

/// <summary><c>/readyz</c>: every background loop by name and status; not ready while one has not started or waits to restart.</summary>
internal sealed class LoopsReadinessCheck(LoopSupervisor supervisor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var loops = supervisor.Loops;
        var data = loops.ToDictionary(l => l.Name, l => (object)Describe(l));
        var waiting = loops.Where(l => l.Status is LoopStatus.Restarting or LoopStatus.Starting).Select(l => l.Name).ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy($"{loops.Count} background loops, none waiting to restart", data)
            : HealthCheckResult.Unhealthy($"not running: {string.Join(", ", waiting)}", data: data));
    }

    private static string Describe(LoopState loop) => loop.Status switch
    {
        LoopStatus.Restarting => $"Restarting after {loop.ConsecutiveFailures} failures in a row (last: {loop.LastError})",
        _ => loop.Restarts == 0 ? loop.Status.ToString() : $"{loop.Status} ({loop.Restarts} restarts, last error: {loop.LastError})",
    };
}
