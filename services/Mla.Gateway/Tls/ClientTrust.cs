using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mla.Gateway.Tls;

/// <summary>
/// The CAs whose client certificates the gateway accepts: the configured bundle plus, per seed, the list of CAs the
/// tenant service trusts for it now (more than one across a CA rotation). Replaced whole when a seed's list changes,
/// so a reader sees one consistent set; verdicts are cached per set, so an added or dropped CA is taken into account
/// on the next request. Per seed the newest list wins: one read or event older than the list held changes nothing.
/// </summary>
public sealed class ClientTrust(ClientCaBundle configured)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _asOf = new(StringComparer.Ordinal);
    private ClientTrustSet _current = ClientTrustSet.Create(configured, FrozenDictionary<string, IReadOnlyList<X509Certificate2>>.Empty);

    public ClientTrustSet Current => Volatile.Read(ref _current);

    public bool HasSeedAuthority(string seed) => Current.SeedAuthorities.ContainsKey(seed);

    /// <summary>When the seed's list held now was read or announced (null: never).</summary>
    public DateTimeOffset? SeedAuthoritiesAsOf(string seed)
    {
        lock (_gate)
        {
            return _asOf.TryGetValue(seed, out var at) ? at : null;
        }
    }

    /// <summary>
    /// Sets the CAs trusted for a seed to exactly the certificates of <paramref name="pemBundle"/> (as of
    /// <paramref name="asOf"/>): new ones are added, ones no longer listed are dropped. Returns what changed
    /// (nothing when the list is the same, or older than the one held).
    /// </summary>
    /// <exception cref="CryptographicException">The bundle holds no readable certificate.</exception>
    public SeedAuthorityChange SetSeedAuthorities(string seed, string pemBundle, DateTimeOffset asOf)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(pemBundle);
        if (bundle.Count == 0)
        {
            throw new CryptographicException($"the CA bundle of seed '{seed}' holds no certificate");
        }

        lock (_gate)
        {
            if (_asOf.TryGetValue(seed, out var held) && held > asOf)
            {
                return SeedAuthorityChange.None;
            }

            _asOf[seed] = asOf;
            var current = Current;
            var known = current.SeedAuthorities.GetValueOrDefault(seed) ?? [];
            var listed = bundle.DistinctBy(c => c.Thumbprint, StringComparer.OrdinalIgnoreCase).ToList();
            var added = listed.Count(c => known.All(k => k.Thumbprint != c.Thumbprint));
            var removed = known.Count(k => listed.All(c => c.Thumbprint != k.Thumbprint));
            if (added == 0 && removed == 0)
            {
                return SeedAuthorityChange.None;
            }

            // Keep the certificate objects already held (in-flight verifications may use them); take the new ones.
            var next = listed.Select(c => known.FirstOrDefault(k => k.Thumbprint == c.Thumbprint) ?? c).ToList();
            var seeds = new Dictionary<string, IReadOnlyList<X509Certificate2>>(current.SeedAuthorities, StringComparer.Ordinal) { [seed] = next };
            Volatile.Write(ref _current, ClientTrustSet.Create(configured, seeds.ToFrozenDictionary(StringComparer.Ordinal)));
            return new SeedAuthorityChange(added, removed, next.Count);
        }
    }
}
