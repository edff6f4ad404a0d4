namespace Mla.Writer.TenantRetry;

/// <summary>Why a sink's consumer stops reading (its partitions paused); the consumer keeps polling meanwhile.</summary>
public enum ConsumptionPause
{
    None,

    /// <summary>The sink as a whole fails: no HTTP answer (connection refused, timeout), or several tenants failing and none accepted since.</summary>
    SinkDown,

    /// <summary>The records held back reach <c>MaxHeldBytes</c>, or one tenant's reach <c>MaxHeldBytesPerTenant</c>.</summary>
    MemoryBudget,

    /// <summary>Retry topic only: a tenant whose records came from it is still refused; they wait in memory, the rest in the topic.</summary>
    TenantStillRefused,
}
