using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace Mla.Gateway.Tls;

/// <summary>One immutable set of trusted client CAs and the verdicts reached with it (per certificate object, i.e. per connection).</summary>
public sealed class ClientTrustSet
{
    private ClientTrustSet(X509Certificate2Collection roots, X509Certificate2Collection intermediates, FrozenDictionary<string, IReadOnlyList<X509Certificate2>> seeds)
    {
        Roots = roots;
        Intermediates = intermediates;
        SeedAuthorities = seeds;
    }

    public X509Certificate2Collection Roots { get; }

    public X509Certificate2Collection Intermediates { get; }

    /// <summary>Per seed, the CAs trusted for its tenants (newest first).</summary>
    public FrozenDictionary<string, IReadOnlyList<X509Certificate2>> SeedAuthorities { get; }

    public int SeedAuthorityCount => SeedAuthorities.Values.Sum(list => list.Count);

    public bool IsEmpty => Roots.Count == 0;

    internal ConditionalWeakTable<X509Certificate2, CertificateVerification> Verdicts { get; } = [];

    /// <summary>True when <paramref name="rootThumbprint"/> is one of the CAs trusted now for <paramref name="seed"/>.</summary>
    public bool IsSeedAuthority(string seed, string? rootThumbprint) =>
        rootThumbprint is not null && SeedAuthorities.TryGetValue(seed, out var cas) && cas.Any(ca => ca.Thumbprint == rootThumbprint);

    public static ClientTrustSet Create(ClientCaBundle configured, FrozenDictionary<string, IReadOnlyList<X509Certificate2>> seeds)
    {
        var roots = new X509Certificate2Collection(configured.Roots);
        roots.AddRange(seeds.Values.SelectMany(list => list).ToArray());
        return new ClientTrustSet(roots, configured.Intermediates, seeds);
    }
}
