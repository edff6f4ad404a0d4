using Microsoft.Extensions.Options;

namespace Mla.Hosting.Tests.Access;

/// <summary>A wrong access setting stops the start and names its key.</summary>
public sealed class AccessOptionsTests
{
    [Theory]
    [InlineData("Mla:Access:Tokens:ops:Sha256", "not-a-hash", "Mla:Access:Tokens:ops:Sha256")]
    [InlineData("Mla:Access:Tokens:ops:Role", "admin", "Mla:Access:Tokens:ops:Role")]
    public async Task A_bad_token_setting_is_named(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mla:Access:Tokens:ops:Sha256"] = new string('a', 64),
            ["Mla:Access:Tokens:ops:Role"] = "operator",
            [key] = value,
        };
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AccessTestApp.StartAsync(settings));
        Assert.Contains(error.Failures, f => f.StartsWith(named + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Oidc_without_audience_or_roles_is_named()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AccessTestApp.StartAsync(new()
        {
            ["Mla:Access:Oidc:Issuer"] = "https://kkp.example.com/dex",
        }));
        Assert.Contains(error.Failures, f => f.StartsWith("Mla:Access:Oidc:Audience:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Mla:Access:Oidc:Roles:", StringComparison.Ordinal));
    }
}
