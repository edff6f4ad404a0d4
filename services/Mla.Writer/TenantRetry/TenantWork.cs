using Mla.Writer.Batching;

namespace Mla.Writer.TenantRetry;

/// <summary>One job for a sink's request workers: a tenant's records to send once, or to move to the retry topic.</summary>
public sealed record TenantWork(TenantWorkKind Kind, string Tenant, IReadOnlyList<HeldRecord> Records, string Reason = "");
