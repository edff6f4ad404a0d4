using Microsoft.Extensions.Options;
using Mla.Hosting.Loops;

namespace Mla.Exporters.Rollouts;

/// <summary>Runs <see cref="RolloutEngine.StepAsync"/> every <c>Mla:AgentRollouts:Interval</c>, or sooner when the API changed a rollout (shown in /readyz).</summary>
internal sealed class RolloutLoop(RolloutEngine engine, RolloutSignal signal, IOptions<RolloutOptions> options, LoopSupervisor supervisor)
    : SupervisedLoop("exporters-rollouts", supervisor)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await engine.StepAsync(stoppingToken);
            await signal.WaitAsync(options.Value.Interval, stoppingToken);
        }
    }
}
