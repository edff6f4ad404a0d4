namespace Mla.Writer.TenantRetry;

public enum TenantWorkKind
{
    /// <summary>Send the records to the sink once.</summary>
    Send,

    /// <summary>Move the records to the retry topic: the tenant is stalled longer than <c>MaxTenantStall</c>.</summary>
    Move,
}
