namespace Mla.Webhooks.KkpWatch;

/// <summary>Services that report a cluster cleaned up, by the name <c>Mla:Webhooks:Kkp:CleanupBarrier</c> uses.</summary>
public static class CleanupReporters
{
    /// <summary>Mla.Tenants: its <c>TenantDeprovisioned</c> says the tenant's credentials are revoked and its data handled.</summary>
    public const string Tenants = "tenants";
}
