namespace Mla.Tenants.Purge;

/// <summary>
/// Where a blocks-storage backend takes tenant deletions: Mimir's compactor (<c>/compactor/delete_tenant</c>) and Cortex's
/// purger (<c>/purger/delete_tenant</c>) share the API; only the path prefix differs.
/// </summary>
internal sealed record TenantDeletionApi(string DeletePath, string StatusPath)
{
    public static TenantDeletionApi Mimir { get; } = new("compactor/delete_tenant", "compactor/delete_tenant_status");

    public static TenantDeletionApi Cortex { get; } = new("purger/delete_tenant", "purger/delete_tenant_status");
}
