namespace Mla.Gateway.Tenants;

/// <summary>
/// The gateway's table of tenants. Today it comes from configuration; the tenant service's events will replace it
/// the same way. Readers take <see cref="Current"/> once per request and see one consistent table.
/// </summary>
public interface ITenantDirectory
{
    TenantSnapshot Current { get; }

    /// <summary>Swaps the whole table atomically.</summary>
    void Replace(TenantSnapshot snapshot);
}
