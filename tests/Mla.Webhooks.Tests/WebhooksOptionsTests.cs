using Mla.Hosting.Options;

namespace Mla.Webhooks.Tests;

public sealed class WebhooksOptionsTests
{
    private static IEnumerable<string> Failures(WebhooksOptions options) =>
        new SectionDataAnnotationsValidator<WebhooksOptions>(WebhooksOptions.SectionName).Validate(null, options).Failures ?? [];

    [Fact]
    public void A_secret_is_required_outside_the_embedded_default()
    {
        var failure = Assert.Single(Failures(new WebhooksOptions()));
        Assert.StartsWith("Mla:Webhooks:Secret:", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_default_may_generate_the_secret()
    {
        Assert.Empty(Failures(new WebhooksOptions { GenerateSecretWhenMissing = true }));
    }

    [Fact]
    public void Out_of_range_values_name_their_keys()
    {
        var failures = Failures(new WebhooksOptions { Secret = "x", MaxBodyBytes = 10, PublishTimeout = TimeSpan.Zero }).ToList();
        Assert.Contains(failures, f => f.StartsWith("Mla:Webhooks:MaxBodyBytes:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mla:Webhooks:PublishTimeout:", StringComparison.Ordinal));
        Assert.Equal(2, failures.Count);
    }
}
