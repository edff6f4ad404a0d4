using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Mla.Certificates;
using Mla.Contracts.Tenants;
using Mla.Tenants.Authorities;

namespace Mla.Tenants.Credentials;

/// <summary>
/// The CAs of each seed (ECDSA P-256): the first is created on first need, later generations by a rotation; all kept
/// in the store with their keys sealed. The newest generation issues; which one that is, is read from the store on
/// every issue, so a rotation started on another replica takes effect here at once.
/// </summary>
public sealed class SeedAuthorities(ISeedAuthorityStore store, KeyEncryption encryption, IOptions<TenantsOptions> options, TimeProvider time)
    : IDisposable
{
    private readonly ConcurrentDictionary<(string Seed, int Generation), CertificateAuthority> _loaded = new();
    private readonly SemaphoreSlim _creating = new(1, 1);

    /// <summary>What the sealed key is bound to (the first generation keeps the context it had before rotations existed).</summary>
    public static string KeyContext(string seed, int generation) =>
        generation == 1 ? $"authority:{seed}" : $"authority:{seed}:{generation}";

    /// <summary>The seed's issuing CA and its generation; the seed's first CA is created when it has none.</summary>
    public async Task<(CertificateAuthority Authority, int Generation)> GetActiveAsync(string seed, CancellationToken cancellationToken)
    {
        var known = await store.ListAsync(seed, cancellationToken);
        var newest = known.Count > 0 ? known[0] : await EnsureGenerationAsync(seed, 1, cancellationToken);
        return (Load(newest), newest.Generation);
    }

    /// <summary>The issuing generation of every seed that has a CA.</summary>
    public async Task<IReadOnlyDictionary<string, int>> ActiveGenerationsAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync(null, cancellationToken))
            .GroupBy(a => a.Seed, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(a => a.Generation), StringComparer.Ordinal);

    /// <summary>The seed's CA of that generation, created (Active) when it does not exist yet; another replica's wins a race.</summary>
    public async Task<AuthorityRecord> EnsureGenerationAsync(string seed, int generation, CancellationToken cancellationToken)
    {
        await _creating.WaitAsync(cancellationToken);
        try
        {
            var existing = (await store.ListAsync(seed, cancellationToken)).FirstOrDefault(a => a.Generation == generation);
            if (existing is not null)
            {
                return existing;
            }

            var name = generation == 1 ? $"MLA tenants CA {seed}" : $"MLA tenants CA {seed} g{generation}";
            using var created = CertificateAuthority.Create(name, options.Value.AuthorityLifetime, time);
            var der = created.Certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKey();
            try
            {
                await store.AddAsync(
                    new AuthorityRecord(
                        seed,
                        generation,
                        created.Certificate.ExportCertificatePem(),
                        encryption.Seal(der, KeyContext(seed, generation)),
                        AuthorityState.Active,
                        time.GetUtcNow()),
                    cancellationToken);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(der);
            }

            return (await store.ListAsync(seed, cancellationToken)).FirstOrDefault(a => a.Generation == generation)
                ?? throw new InvalidOperationException($"the CA generation {generation} of seed '{seed}' was not stored");
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>The CAs gateways must trust for the seed (not Retired), newest first: what the seed's CA endpoint and events carry.</summary>
    public static IReadOnlyList<SeedAuthority> Trusted(IEnumerable<AuthorityRecord> authorities) =>
        [.. authorities.Where(a => a.Trusted).OrderByDescending(a => a.Generation).Select(Describe)];

    public static SeedAuthority Describe(AuthorityRecord authority)
    {
        using var certificate = X509Certificate2.CreateFromPem(authority.CertificatePem);
        return new SeedAuthority(
            authority.Generation,
            certificate.Thumbprint,
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            authority.CertificatePem);
    }

    public void Dispose()
    {
        foreach (var authority in _loaded.Values)
        {
            authority.Dispose();
        }

        _creating.Dispose();
    }

    private CertificateAuthority Load(AuthorityRecord record) => _loaded.GetOrAdd((record.Seed, record.Generation), slot =>
    {
        var der = encryption.Open(record.EncryptedKey, KeyContext(slot.Seed, slot.Generation));
        try
        {
            using var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(der, out _);
            return CertificateAuthority.Load(record.CertificatePem, key.ExportPkcs8PrivateKeyPem());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    });
}
