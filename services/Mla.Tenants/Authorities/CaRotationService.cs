using Microsoft.Extensions.Options;
using Mla.Hosting.Loops;

namespace Mla.Tenants.Authorities;

/// <summary>Moves running seed CA rotations on every <c>CaRotation:CheckInterval</c>, and at once when one was started here.</summary>
internal sealed class CaRotationService(
    SeedCaRotations rotations, CaRotationWakeUp wakeUp, IOptions<TenantsOptions> options, ILogger<CaRotationService> logger,
    LoopSupervisor supervisor)
    : SupervisedLoop("tenants-ca-rotation", supervisor)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CaRotation.CheckInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await rotations.AdvanceAllAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError("Moving CA rotations on failed ({Error}: {Reason}); next try in {Interval}", ex.GetType().Name, ex.Message, interval);
            }

            try
            {
                await wakeUp.WaitAsync(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
