using System.Security.Cryptography;
using System.Text;
using Mla.Tenants.Store;

namespace Mla.Tenants.Credentials;

/// <summary>
/// Bearer tokens for agents that cannot do mTLS: 32 random bytes, base64url, prefixed <c>mla_</c>. The store keeps the
/// SHA-256 (what gateways compare) and the token sealed with the key encryption key; the token itself is only ever
/// handed out by the internal credentials endpoint. Read tokens (prefix <c>mlar_</c>) are a second, distinct kind:
/// Grafana reads one tenant with them through the gateway's read path; a write token never reads, a read token never writes.
/// </summary>
public sealed class TenantTokens(ITenantStore store, KeyEncryption encryption, TimeProvider time)
{
    private const string Prefix = "mla_";
    private const string ReadPrefix = "mlar_";

    public static string Context(string tenantId) => $"token:{tenantId}";

    public static string ReadContext(string tenantId) => $"read-token:{tenantId}";

    /// <summary>A new read token (for a tenant or a seed's admin): what <see cref="EnsureReadAsync"/> and the seed tokens issue.</summary>
    public static string NewReadToken() => ReadPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Sha256Hex(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The tenant's token, created when it has none; <c>Issued</c> says whether this call created it.</summary>
    public async Task<(TokenRecord Token, bool Issued)> EnsureAsync(string tenantId, CancellationToken cancellationToken)
    {
        var existing = await store.GetTokenAsync(tenantId, cancellationToken);
        if (existing is not null)
        {
            return (existing, false);
        }

        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var bytes = Encoding.UTF8.GetBytes(token);
        try
        {
            var record = new TokenRecord(tenantId, Sha256Hex(token), encryption.Seal(bytes, Context(tenantId)), time.GetUtcNow());
            return await store.AddTokenAsync(record, cancellationToken)
                ? (record, true)
                : (await store.GetTokenAsync(tenantId, cancellationToken) ?? record, false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The tenant's read token, created when it has none; <c>Issued</c> says whether this call created it.</summary>
    public async Task<(TokenRecord Token, bool Issued)> EnsureReadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var existing = await store.GetReadTokenAsync(tenantId, cancellationToken);
        if (existing is not null)
        {
            return (existing, false);
        }

        var record = Seal(tenantId, NewReadToken(), ReadContext(tenantId));
        return await store.AddReadTokenAsync(record, cancellationToken)
            ? (record, true)
            : (await store.GetReadTokenAsync(tenantId, cancellationToken) ?? record, false);
    }

    public string Open(TokenRecord token) => Open(token.EncryptedToken, Context(token.TenantId));

    public string OpenRead(TokenRecord token) => Open(token.EncryptedToken, ReadContext(token.TenantId));

    /// <summary>A record of <paramref name="token"/> for <paramref name="owner"/>: its SHA-256 and the token sealed under <paramref name="context"/>.</summary>
    public TokenRecord Seal(string owner, string token, string context)
    {
        var bytes = Encoding.UTF8.GetBytes(token);
        try
        {
            return new TokenRecord(owner, Sha256Hex(token), encryption.Seal(bytes, context), time.GetUtcNow());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public string Open(string sealedToken, string context)
    {
        var bytes = encryption.Open(sealedToken, context);
        try
        {
            return Encoding.UTF8.GetString(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
