using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Mla.Hosting.Access;

/// <summary>
/// The configured bearer tokens, held as SHA-256 only. A presented token is hashed and compared with every
/// configured hash in constant time, so neither the match position nor the token's length leaks through timing.
/// </summary>
public sealed class HashedAccessTokens
{
    private readonly List<(string Caller, byte[] Hash, string Role)> _tokens;

    public HashedAccessTokens(IOptions<AccessOptions> options) =>
        _tokens = options.Value.Tokens
            .Where(t => t.Value.Sha256 is not null && t.Value.Role is not null)
            .Select(t => (t.Key, Convert.FromHexString(t.Value.Sha256!), t.Value.Role!))
            .ToList();

    public int Count => _tokens.Count;

    /// <summary>The caller and role of <paramref name="token"/>, or null when no configured token matches.</summary>
    public (string Caller, string Role)? Find(string token)
    {
        var presented = Hash(token);
        (string, string)? found = null;
        foreach (var (caller, hash, role) in _tokens)
        {
            // No early exit: every hash is compared whatever matched.
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                found = (caller, role);
            }
        }

        return found;
    }

    /// <summary>SHA-256 of a token as 64 lower-case hex digits: what <c>Mla:Access:Tokens:&lt;caller&gt;:Sha256</c> holds.</summary>
    public static string Sha256Hex(string token) => Convert.ToHexStringLower(Hash(token));

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
