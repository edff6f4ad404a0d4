using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Mla.Certificates;
using Mla.Tenants.Store;

namespace Mla.Tenants.Credentials;

/// <summary>One CA per seed (ECDSA P-256), created on first need and kept in the store with its key sealed.</summary>
public sealed class SeedAuthorities(ITenantStore store, KeyEncryption encryption, IOptions<TenantsOptions> options, TimeProvider time)
    : IDisposable
{
    private readonly ConcurrentDictionary<string, CertificateAuthority> _loaded = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _creating = new(1, 1);

    public static string KeyContext(string seed) => $"authority:{seed}";

    public async Task<CertificateAuthority> GetAsync(string seed, CancellationToken cancellationToken)
    {
        if (_loaded.TryGetValue(seed, out var cached))
        {
            return cached;
        }

        await _creating.WaitAsync(cancellationToken);
        try
        {
            if (_loaded.TryGetValue(seed, out cached))
            {
                return cached;
            }

            var record = await store.GetAuthorityAsync(seed, cancellationToken);
            if (record is null)
            {
                using var created = CertificateAuthority.Create($"MLA tenants CA {seed}", options.Value.AuthorityLifetime, time);
                var der = created.Certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKey();
                var candidate = new AuthorityRecord(
                    seed, created.Certificate.ExportCertificatePem(), encryption.Seal(der, KeyContext(seed)), time.GetUtcNow());
                CryptographicOperations.ZeroMemory(der);
                // Another replica may have won the race: whatever the store holds now is the seed's CA.
                await store.AddAuthorityAsync(candidate, cancellationToken);
                record = await store.GetAuthorityAsync(seed, cancellationToken)
                    ?? throw new InvalidOperationException($"the CA of seed '{seed}' was not stored");
            }

            var authority = Load(record);
            _loaded[seed] = authority;
            return authority;
        }
        finally
        {
            _creating.Release();
        }
    }

    public void Dispose()
    {
        foreach (var authority in _loaded.Values)
        {
            authority.Dispose();
        }

        _creating.Dispose();
    }

    private CertificateAuthority Load(AuthorityRecord record)
    {
        var der = encryption.Open(record.EncryptedKey, KeyContext(record.Seed));
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
    }
}
