using System.Text;
using Mla.Webhooks.Signatures;

namespace Mla.Webhooks.Tests.Signatures;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("s3cr3t");
    private static readonly byte[] Body = ExampleEvents.Bytes("io.kubermatic.cluster.created");

    [Fact]
    public void A_signature_computed_with_the_secret_verifies()
    {
        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(Body, WebhookSignature.Compute(Body, Key), Key));
    }

    [Fact]
    public void The_signature_is_the_standard_hmac_sha256_of_the_body()
    {
        // RFC 4231, test case 2: what openssl dgst -sha256 -hmac Jefe prints for the same input.
        Assert.Equal(
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            WebhookSignature.Compute("what do ya want for nothing?"u8, "Jefe"u8));
    }

    [Fact]
    public void Upper_case_hex_and_surrounding_spaces_are_accepted()
    {
        var signature = WebhookSignature.Compute(Body, Key);
        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(Body, "  sha256=" + signature[7..].ToUpperInvariant() + " ", Key));
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_a_mismatch()
    {
        var signature = WebhookSignature.Compute(Body, "other"u8);
        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(Body, signature, Key));
    }

    [Fact]
    public void A_tampered_body_is_a_mismatch()
    {
        var signature = WebhookSignature.Compute(Body, Key);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("\"monitoringEnabled\": true", "\"monitoringEnabled\": false", StringComparison.Ordinal));
        Assert.NotEqual(Body, tampered);
        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(tampered, signature, Key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_header_is_reported_as_missing(string? header)
    {
        Assert.Equal(SignatureCheck.Missing, WebhookSignature.Verify(Body, header, Key));
    }

    [Theory]
    [InlineData("md5=0123")]
    [InlineData("sha256=")]
    [InlineData("sha256=xyz")]
    [InlineData("sha256=0123456789abcdef")]
    [InlineData("sha256=zz40f7a5a07b15e1a5d6b6fd3a9a9b3a0c0bc7d7e3a5c14ac5c8e1ec0b0b6b3e")]
    public void A_header_that_is_not_sha256_and_64_hex_digits_is_malformed(string header)
    {
        Assert.Equal(SignatureCheck.Malformed, WebhookSignature.Verify(Body, header, Key));
    }
}
