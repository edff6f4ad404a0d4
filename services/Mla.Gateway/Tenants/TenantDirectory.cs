namespace Mla.Gateway.Tenants;

/// <summary>Holds the current <see cref="TenantSnapshot"/>; replacing it is one reference swap.</summary>
public sealed class TenantDirectory : ITenantDirectory
{
    private TenantSnapshot _current = TenantSnapshot.Empty;

    public TenantSnapshot Current => Volatile.Read(ref _current);

    public void Replace(TenantSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _current, snapshot);
    }
}
