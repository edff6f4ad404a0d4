using Mla.Writer.Metrics;

namespace Mla.Writer.TenantRetry;

/// <summary>The retry state on <c>/metrics</c> (held records and bytes per tenant, stalled and diverted tenants, pauses) and a log line per change of pause.</summary>
internal sealed class TenantRetryReporter(string sink, WriterMetrics metrics, ILogger logger)
{
    private ConsumptionPause _pause;

    public void Tenant(TenantQueue tenant)
    {
        metrics.TenantHeldRecords.WithLabels(sink, tenant.Tenant).Set(tenant.HeldRecords);
        metrics.TenantHeldBytes.WithLabels(sink, tenant.Tenant).Set(tenant.MainBytes + tenant.RetryBytes);
    }

    public void Forget(string tenant)
    {
        metrics.TenantHeldRecords.RemoveLabelled(sink, tenant);
        metrics.TenantHeldBytes.RemoveLabelled(sink, tenant);
    }

    public void Totals(int stalled, int diverted, ConsumptionPause pause, int held, long bytes)
    {
        metrics.StalledTenants.WithLabels(sink).Set(stalled);
        metrics.DivertedTenants.WithLabels(sink).Set(diverted);
        if (pause == _pause)
        {
            return;
        }

        metrics.ConsumptionPaused.WithLabels(sink, Label(_pause)).Set(0);
        metrics.ConsumptionPaused.WithLabels(sink, Label(pause)).Set(pause == ConsumptionPause.None ? 0 : 1);
        if (pause == ConsumptionPause.None)
        {
            logger.LogInformation("Sink {Sink}: reading again ({Reason} is over)", sink, Label(_pause));
        }
        else
        {
            logger.LogWarning("Sink {Sink}: partitions paused ({Reason}): {Stalled} tenants refused, {Held} records ({Bytes} bytes) held", sink, Label(pause), stalled, held, bytes);
        }

        _pause = pause;
    }

    public void Cleared()
    {
        metrics.StalledTenants.WithLabels(sink).Set(0);
        metrics.DivertedTenants.WithLabels(sink).Set(0);
        metrics.ConsumptionPaused.WithLabels(sink, Label(_pause)).Set(0);
        _pause = ConsumptionPause.None;
    }

    public static string Label(ConsumptionPause pause) => pause switch
    {
        ConsumptionPause.SinkDown => "sink_down",
        ConsumptionPause.MemoryBudget => "memory_budget",
        ConsumptionPause.TenantStillRefused => "tenant_still_refused",
        _ => "none",
    };
}
