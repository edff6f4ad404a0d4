namespace Mla.Gateway.Tenants;

/// <summary>An immutable table of tenants, looked up by id and by token digest. Replaced whole, never edited.</summary>
public sealed class TenantSnapshot
{
    private readonly Dictionary<string, Tenant> _byId;
    private readonly Dictionary<string, Tenant>.AlternateLookup<ReadOnlySpan<char>> _byIdSpan;
    private readonly Dictionary<TokenDigest, Tenant> _byToken;

    /// <exception cref="ArgumentException">An id is invalid or listed twice, or two tenants share a token.</exception>
    public TenantSnapshot(IEnumerable<Tenant> tenants)
    {
        _byId = new Dictionary<string, Tenant>(StringComparer.Ordinal);
        _byToken = [];
        foreach (var tenant in tenants)
        {
            if (!TenantId.IsValid(tenant.Id))
            {
                throw new ArgumentException($"'{tenant.Id}' is not a valid tenant id", nameof(tenants));
            }

            if (!_byId.TryAdd(tenant.Id, tenant))
            {
                throw new ArgumentException($"tenant '{tenant.Id}' is listed twice", nameof(tenants));
            }

            if (tenant.Token is { } token && !_byToken.TryAdd(token, tenant))
            {
                throw new ArgumentException($"tenants '{_byToken[token].Id}' and '{tenant.Id}' have the same token", nameof(tenants));
            }
        }

        _byIdSpan = _byId.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static TenantSnapshot Empty { get; } = new([]);

    public int Count => _byId.Count;

    public IEnumerable<Tenant> Tenants => _byId.Values;

    public bool TryGet(ReadOnlySpan<char> id, out Tenant tenant) => _byIdSpan.TryGetValue(id, out tenant!);

    /// <summary>
    /// Finds the tenant whose token has this digest. The dictionary lookup compares digests, not tokens: its timing
    /// can only tell about SHA-256 outputs, which does not help to find a token. The final comparison is fixed-time.
    /// </summary>
    public bool TryFindByToken(TokenDigest digest, out Tenant tenant)
    {
        if (_byToken.TryGetValue(digest, out var found) && found.Token is { } stored && stored.FixedTimeEquals(digest))
        {
            tenant = found;
            return true;
        }

        tenant = null!;
        return false;
    }
}
