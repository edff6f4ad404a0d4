using System.Collections.Frozen;
using Mla.Gateway.Tenants;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// Finds the caller of a read from its <c>Authorization: Bearer</c> read token. Only read tokens count: a tenant's
/// write token, a client certificate or an <c>X-Scope-OrgID</c> header never choose a tenant here. A tenant that is not
/// Ready (deprovisioning, deleted) has no read token in the table, so its token is refused.
/// </summary>
public sealed class ReadAuthenticator(ITenantDirectory directory, AdminReadTokens admins)
{
    private ReadTokenIndex? _index;

    public ReadCaller? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = value.AsSpan("Bearer ".Length).Trim();
        if (token.IsEmpty)
        {
            return null;
        }

        var digest = TokenDigest.Of(token);
        if (admins.TryFind(digest, out var seed))
        {
            return new ReadCaller(null, seed);
        }

        var index = Index(directory.Current);
        return index.ByDigest.TryGetValue(digest, out var tenant) && !tenant.Disabled && tenant.ReadToken is { } stored && stored.FixedTimeEquals(digest)
            ? new ReadCaller(tenant, null)
            : null;
    }

    /// <summary>The read-token index of a table, built once per table (tables are replaced whole).</summary>
    private ReadTokenIndex Index(TenantSnapshot snapshot)
    {
        var index = Volatile.Read(ref _index);
        if (index is not null && ReferenceEquals(index.Snapshot, snapshot))
        {
            return index;
        }

        var byDigest = new Dictionary<TokenDigest, Tenant>();
        foreach (var tenant in snapshot.Tenants)
        {
            // Two tenants with one read token would be ambiguous: neither may read with it.
            if (tenant.ReadToken is { } digest && !byDigest.TryAdd(digest, tenant))
            {
                byDigest[digest] = tenant with { Disabled = true };
            }
        }

        index = new ReadTokenIndex(snapshot, byDigest.ToFrozenDictionary());
        Volatile.Write(ref _index, index);
        return index;
    }

    private sealed record ReadTokenIndex(TenantSnapshot Snapshot, FrozenDictionary<TokenDigest, Tenant> ByDigest);
}
