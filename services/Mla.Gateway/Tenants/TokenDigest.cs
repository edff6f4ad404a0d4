using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Mla.Gateway.Tenants;

/// <summary>The SHA-256 of a bearer token, as four words so that it can key a dictionary without allocating.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct TokenDigest(ulong A, ulong B, ulong C, ulong D)
{
    private const int StackLimit = 1024;

    public static TokenDigest Of(ReadOnlySpan<char> token)
    {
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(token, buffer);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer[..written], hash);
            return FromBytes(hash);
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented);
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Parses 64 hex digits (either case).</summary>
    public static bool TryParseHex(string? hex, out TokenDigest digest)
    {
        digest = default;
        Span<byte> bytes = stackalloc byte[32];
        if (hex is not { Length: 64 })
        {
            return false;
        }

        for (var i = 0; i < 32; i++)
        {
            if (!byte.TryParse(hex.AsSpan(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        digest = FromBytes(bytes);
        return true;
    }

    /// <summary>Compares without an early exit, so the time taken does not tell how many bytes matched.</summary>
    public bool FixedTimeEquals(TokenDigest other)
    {
        var self = this;
        return CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(new ReadOnlySpan<TokenDigest>(in self)),
            MemoryMarshal.AsBytes(new ReadOnlySpan<TokenDigest>(in other)));
    }

    private static TokenDigest FromBytes(ReadOnlySpan<byte> hash)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(hash);
        return new TokenDigest(words[0], words[1], words[2], words[3]);
    }
}
