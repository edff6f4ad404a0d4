using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Mla.Gateway.Tenants;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// The admin read tokens by SHA-256: the configured ones (<c>Mla:Gateway:ReadPath:AdminTokenSha256</c>, no seed) and
/// each served seed's from the tenant service (<see cref="SeedReadTokenFeed"/>). Replaced whole, never edited.
/// </summary>
public sealed class AdminReadTokens
{
    private readonly FrozenDictionary<TokenDigest, string?> _configured;
    private FrozenDictionary<TokenDigest, string?> _current;

    public AdminReadTokens(IOptions<GatewayOptions> options)
    {
        _configured = options.Value.ReadPath.AdminTokenSha256
            .Select(hex => TokenDigest.TryParseHex(hex, out var digest) ? digest : (TokenDigest?)null)
            .OfType<TokenDigest>()
            .Distinct()
            .ToFrozenDictionary(d => d, _ => (string?)null);
        _current = _configured;
    }

    public int Count => Volatile.Read(ref _current).Count;

    /// <summary>Finds the admin token with this digest; <paramref name="seed"/> is its seed (null: a configured token).</summary>
    public bool TryFind(TokenDigest digest, out string? seed)
    {
        if (Volatile.Read(ref _current).TryGetValue(digest, out seed))
        {
            return true;
        }

        seed = null;
        return false;
    }

    /// <summary>Replaces the seeds' tokens (the configured ones stay).</summary>
    public void ReplaceSeedTokens(IEnumerable<(string Seed, TokenDigest Digest)> seeds)
    {
        var all = new Dictionary<TokenDigest, string?>(_configured);
        foreach (var (seed, digest) in seeds)
        {
            all.TryAdd(digest, seed);
        }

        Volatile.Write(ref _current, all.ToFrozenDictionary());
    }
}
