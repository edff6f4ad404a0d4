using Microsoft.Extensions.Options;
using Mla.Hosting.Loops;

namespace Mla.Exporters.Rollouts;

/// <summary>
/// Runs <see cref="RolloutEngine.StepAsync"/> every <c>Mla:AgentRollouts:Interval</c>, or sooner when the API changed a
/// rollout, and prunes the finished rollouts past their retention at start and hourly (shown in /readyz).
/// </summary>
internal sealed class RolloutLoop(RolloutEngine engine, RolloutRetention retention, RolloutSignal signal, IOptions<RolloutOptions> options, LoopSupervisor supervisor)
    : SupervisedLoop("exporters-rollouts", supervisor)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await retention.PruneIfDueAsync(stoppingToken);
            await engine.StepAsync(stoppingToken);
            await signal.WaitAsync(options.Value.Interval, stoppingToken);
        }
    }
}
