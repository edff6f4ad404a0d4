using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;

namespace Mla.Gateway.Tls;

/// <summary>
/// The CAs whose client certificates the gateway accepts: the configured bundle plus each seed's CA learnt from the
/// tenant service. Replaced whole when a seed's CA is added, so a reader sees one consistent set; verdicts are
/// cached per set, so a new CA is taken into account on the next request.
/// </summary>
public sealed class ClientTrust(ClientCaBundle configured)
{
    private ClientTrustSet _current = ClientTrustSet.Create(configured, FrozenDictionary<string, X509Certificate2>.Empty);

    public ClientTrustSet Current => Volatile.Read(ref _current);

    public bool HasSeedAuthority(string seed) => Current.SeedAuthorities.ContainsKey(seed);

    /// <summary>Adds or replaces a seed's CA (PEM); returns false (and changes nothing) when it is the same certificate.</summary>
    public bool SetSeedAuthority(string seed, string pem)
    {
        var certificate = X509Certificate2.CreateFromPem(pem);
        lock (this)
        {
            var current = Current;
            if (current.SeedAuthorities.TryGetValue(seed, out var known) && known.Thumbprint == certificate.Thumbprint)
            {
                certificate.Dispose();
                return false;
            }

            var seeds = new Dictionary<string, X509Certificate2>(current.SeedAuthorities, StringComparer.Ordinal) { [seed] = certificate };
            Volatile.Write(ref _current, ClientTrustSet.Create(configured, seeds.ToFrozenDictionary(StringComparer.Ordinal)));
            return true;
        }
    }
}
