using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace Mla.Tenants.Tests.Configuration;

public sealed class TenantsOptionsTests
{
    [Fact]
    public void Without_a_key_encryption_key_the_service_does_not_start_unless_told_to_generate_one()
    {
        Assert.Contains(Validate(new TenantsOptions()), r => r.MemberNames.Contains(nameof(TenantsOptions.KeyEncryptionKey)));
        Assert.Empty(Validate(new TenantsOptions { GenerateKeyWhenMissing = true }));
        Assert.Empty(Validate(new TenantsOptions { KeyEncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));
    }

    [Fact]
    public void A_malformed_key_is_refused_without_echoing_it()
    {
        const string secret = "c2VjcmV0LWJ1dC10b28tc2hvcnQ=";

        var result = Assert.Single(Validate(new TenantsOptions { KeyEncryptionKey = secret }));

        Assert.DoesNotContain(secret, result.ErrorMessage, StringComparison.Ordinal);
    }

    private static List<ValidationResult> Validate(TenantsOptions options) =>
        options.Validate(new ValidationContext(options)).ToList();
}
