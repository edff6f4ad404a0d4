using System.Security.Cryptography;

namespace Mla.Webhooks.Signatures;

/// <summary><c>X-Mla-Signature: sha256=&lt;hex&gt;</c>: HMAC-SHA256 of the raw request body, compared in constant time.</summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Mla-Signature";
    private const string Prefix = "sha256=";

    public static string Compute(ReadOnlySpan<byte> body, ReadOnlySpan<byte> key) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    public static SignatureCheck Verify(ReadOnlySpan<byte> body, string? header, ReadOnlySpan<byte> key)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureCheck.Missing;
        }

        var value = header.AsSpan().Trim();
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return SignatureCheck.Malformed;
        }

        var hex = value[Prefix.Length..];
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (hex.Length != HMACSHA256.HashSizeInBytes * 2
            || Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != given.Length)
        {
            return SignatureCheck.Malformed;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }
}
