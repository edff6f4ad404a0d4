using System.Security.Cryptography;
using System.Text;

namespace Mla.Tenants.Credentials;

/// <summary>
/// Encrypts private keys at rest with AES-256-GCM. The sealed form is base64(nonce | tag | ciphertext); the row it
/// belongs to is bound as associated data, so a ciphertext copied to another row does not decrypt. Messages never
/// carry key material.
/// </summary>
public sealed class KeyEncryption
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public KeyEncryption(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("the key encryption key must be 32 bytes", nameof(key));
        }

        _key = (byte[])key.Clone();
    }

    public static bool IsValidKey(string base64)
    {
        Span<byte> buffer = stackalloc byte[48];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written == 32;
    }

    public static KeyEncryption FromBase64(string base64) => new(Convert.FromBase64String(base64.Trim()));

    public string Seal(ReadOnlySpan<byte> plaintext, string context)
    {
        var sealedBytes = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(context));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The plaintext; <see cref="CryptographicException"/> when the key or the context is not the one it was sealed with.</summary>
    public byte[] Open(string sealedText, string context)
    {
        var sealedBytes = Convert.FromBase64String(sealedText);
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("sealed key material is truncated");
        }

        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        try
        {
            aes.Decrypt(
                sealedBytes.AsSpan(0, NonceSize),
                sealedBytes.AsSpan(NonceSize + TagSize),
                sealedBytes.AsSpan(NonceSize, TagSize),
                plaintext,
                Encoding.UTF8.GetBytes(context));
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new CryptographicException($"key material of {context} does not decrypt: wrong key encryption key or tampered row", ex);
        }

        return plaintext;
    }
}
