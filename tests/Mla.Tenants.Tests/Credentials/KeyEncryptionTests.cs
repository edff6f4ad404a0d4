using System.Security.Cryptography;
using System.Text;
using Mla.Tenants.Credentials;

namespace Mla.Tenants.Tests.Credentials;

public sealed class KeyEncryptionTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("-----BEGIN PRIVATE KEY----- not really");

    [Fact]
    public void Sealed_key_material_opens_with_the_same_key_and_context()
    {
        var encryption = new KeyEncryption(RandomNumberGenerator.GetBytes(32));

        var sealedText = encryption.Seal(Secret, "certificate:01");

        Assert.DoesNotContain("PRIVATE KEY", Encoding.UTF8.GetString(Convert.FromBase64String(sealedText)), StringComparison.Ordinal);
        Assert.Equal(Secret, encryption.Open(sealedText, "certificate:01"));
        Assert.NotEqual(sealedText, encryption.Seal(Secret, "certificate:01"));
    }

    [Fact]
    public void A_wrong_key_or_another_row_does_not_open_it_and_the_error_names_no_secret()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var sealedText = new KeyEncryption(key).Seal(Secret, "certificate:01");

        var wrongKey = Assert.ThrowsAny<CryptographicException>(() => new KeyEncryption(RandomNumberGenerator.GetBytes(32)).Open(sealedText, "certificate:01"));
        var wrongRow = Assert.ThrowsAny<CryptographicException>(() => new KeyEncryption(key).Open(sealedText, "certificate:02"));

        foreach (var message in new[] { wrongKey.Message, wrongRow.Message })
        {
            Assert.DoesNotContain(Convert.ToBase64String(key), message, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("c2hvcnQ=", false)]
    [InlineData("not base64 at all!", false)]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", true)]
    public void Only_base64_of_32_bytes_is_a_key(string text, bool valid) => Assert.Equal(valid, KeyEncryption.IsValidKey(text));
}
