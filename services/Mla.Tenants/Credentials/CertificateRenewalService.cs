using Microsoft.Extensions.Options;
using Mla.Tenants.Reconciliation;
using Mla.Hosting.Loops;

namespace Mla.Tenants.Credentials;

/// <summary>Checks every <c>RenewalCheckInterval</c> for certificates at two thirds of their lifetime and renews them.</summary>
internal sealed class CertificateRenewalService(
    TenantReconciler reconciler, IOptions<TenantsOptions> options, TimeProvider time, ILogger<CertificateRenewalService> logger,
    LoopSupervisor supervisor)
    : SupervisedLoop("tenants-certificate-renewal", supervisor)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewalCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var renewed = await reconciler.RenewDueAsync(stoppingToken);
                if (renewed > 0)
                {
                    logger.LogInformation("Renewed {Count} tenant certificates", renewed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError("Certificate renewal check failed ({Error}); next try in {Interval}", ex.GetType().Name, options.Value.RenewalCheckInterval);
            }
        }
    }
}
