using System.Security.Cryptography;
using System.Text;
using Mla.Tenants.Store;

namespace Mla.Tenants.Credentials;

/// <summary>
/// Bearer tokens for agents that cannot do mTLS: 32 random bytes, base64url, prefixed <c>mla_</c>. The store keeps the
/// SHA-256 (what gateways compare) and the token sealed with the key encryption key; the token itself is only ever
/// handed out by the internal credentials endpoint.
/// </summary>
public sealed class TenantTokens(ITenantStore store, KeyEncryption encryption, TimeProvider time)
{
    private const string Prefix = "mla_";

    public static string Context(string tenantId) => $"token:{tenantId}";

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

    public string Open(TokenRecord token)
    {
        var bytes = encryption.Open(token.EncryptedToken, Context(token.TenantId));
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
