using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mla.Gateway.Tenants;
using Mla.Gateway.Tests.Auth;
using Mla.Hosting.Options;

namespace Mla.Gateway.Tests;

public sealed class GatewayOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_as_documented()
    {
        var options = Bind(new() { ["Mla:Gateway:Kafka:BootstrapServers"] = "127.0.0.1:9092" });

        Assert.False(options.TrustTenantHeader);
        Assert.Equal(10 * 1024 * 1024, options.MaxBodyBytes);
        Assert.Equal(50 * 1024 * 1024, options.MaxDecompressedBytes);
        Assert.Equal(256L * 1024 * 1024, options.MaxInFlightBytes);
        Assert.Equal("mla.metrics.v1", options.Kafka.Topic);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Kafka.ProduceDeadline);
        Assert.Equal(40, options.DefaultLimits.MaxLabelNamesPerSeries);
        Assert.Equal(1024, options.DefaultLimits.MaxLabelNameLength);
        Assert.Equal(2048, options.DefaultLimits.MaxLabelValueLength);
        Assert.Equal(TimeSpan.FromHours(1), options.DefaultLimits.MaxSampleAge);
        Assert.Equal(TimeSpan.FromMinutes(10), options.DefaultLimits.MaxSampleFutureSkew);
    }

    [Fact]
    public void Tenants_get_their_overrides_over_the_defaults_and_their_token()
    {
        var options = Bind(new()
        {
            ["Mla:Gateway:Kafka:BootstrapServers"] = "k:9092",
            ["Mla:Gateway:DefaultLimits:IngestionRate"] = "100",
            ["Mla:Gateway:DefaultLimits:MaxLabelNamesPerSeries"] = "30",
            ["Mla:Gateway:Tenants:cluster-1:TokenSha256"] = TenantAuthenticatorTests.Sha256("t1").ToLowerInvariant(),
            ["Mla:Gateway:Tenants:cluster-1:Limits:IngestionRate"] = "5",
            ["Mla:Gateway:Tenants:cluster-2:Disabled"] = "true",
        });

        var table = ConfigurationTenants.Build(options);

        Assert.True(table.TryGet("cluster-1", out var one));
        Assert.Equal((5.0, 30), (one.Limits.IngestionRate, one.Limits.MaxLabelNamesPerSeries));
        Assert.True(table.TryFindByToken(TokenDigest.Of("t1"), out var byToken));
        Assert.Same(one, byToken);
        Assert.True(table.TryGet("cluster-2", out var two));
        Assert.True(two.Disabled);
        Assert.Equal(100.0, two.Limits.IngestionRate);
    }

    [Theory]
    [InlineData("Mla:Gateway:Tenants:a:TokenSha256", "abc", "Mla:Gateway:Tenants:a:TokenSha256: must be the SHA-256")]
    [InlineData("Mla:Gateway:Tenants:a|b:Disabled", "false", "Mla:Gateway:Tenants:a|b: 'a|b' is not a valid tenant id")]
    [InlineData("Mla:Gateway:Tenants:a:Limits:MaxLabelNamesPerSeries", "0", "Mla:Gateway:Tenants:a:Limits:MaxLabelNamesPerSeries:")]
    [InlineData("Mla:Gateway:DefaultLimits:IngestionBurstSize", "0", "Mla:Gateway:DefaultLimits:IngestionBurstSize:")]
    [InlineData("Mla:Gateway:Kafka:ProduceDeadline", "00:00:00.010", "Mla:Gateway:Kafka:ProduceDeadline:")]
    [InlineData("Mla:Gateway:Kafka:Properties:enable.idempotence", "false", "Mla:Gateway:Kafka:Properties:enable.idempotence: 'enable.idempotence' is set by the gateway")]
    [InlineData("Mla:Gateway:MaxInFlightBytes", "2000000", "Mla:Gateway:MaxInFlightBytes: must be at least")]
    [InlineData("Mla:Gateway:ReadPath:Metrics:Kind", "Alertmanager", "Mla:Gateway:ReadPath:Metrics:Kind: must be VictoriaMetrics or Mimir")]
    [InlineData("Mla:Gateway:ReadPath:Alertmanager:Kind", "VictoriaMetrics", "Mla:Gateway:ReadPath:Alertmanager:Kind: must be Alertmanager or Mimir")]
    [InlineData("Mla:Gateway:ReadPath:Metrics:Url", "ftp://vm", "Mla:Gateway:ReadPath:Metrics:Url: must be an absolute http or https URL")]
    [InlineData("Mla:Gateway:ReadPath:AdminTokenSha256:0", "abc", "Mla:Gateway:ReadPath:AdminTokenSha256:0: must be the SHA-256")]
    [InlineData("Mla:Gateway:ReadPath:QueriesPerSecond", "0", "Mla:Gateway:ReadPath:QueriesPerSecond:")]
    [InlineData("Mla:Gateway:Tenants:a:ReadTokenSha256", "xyz", "Mla:Gateway:Tenants:a:ReadTokenSha256: must be the SHA-256")]
    [InlineData("Mla:Gateway:Kafka:LogsTopic", "mla.metrics.v1", "Mla:Gateway:Kafka:LogsTopic: the metrics and the logs topic must differ")]
    [InlineData("Mla:Gateway:DefaultLimits:Logs:MaxLineBytes", "0", "Mla:Gateway:DefaultLimits:Logs:MaxLineBytes:")]
    [InlineData("Mla:Gateway:Tenants:a:Limits:Logs:IngestionBurstBytes", "0", "Mla:Gateway:Tenants:a:Limits:Logs:IngestionBurstBytes:")]
    public void Bad_settings_fail_naming_their_key(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["Mla:Gateway:Kafka:BootstrapServers"] = "k:9092",
            [key] = value,
        }));

        Assert.Contains(error.Failures, failure => failure.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_tenants_with_one_token_fail()
    {
        var hash = TenantAuthenticatorTests.Sha256("same");
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["Mla:Gateway:Kafka:BootstrapServers"] = "k:9092",
            ["Mla:Gateway:Tenants:a:TokenSha256"] = hash,
            ["Mla:Gateway:Tenants:b:TokenSha256"] = hash,
        }));

        Assert.Contains(error.Failures, failure => failure.Contains("Tenants:b:TokenSha256: is the same token as tenant 'a'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_bootstrap_address_fails()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind([]));
        Assert.Contains(error.Failures, failure => failure.StartsWith("Mla:Gateway:Kafka:BootstrapServers:", StringComparison.Ordinal));
    }

    private static GatewayOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddValidatedOptions<GatewayOptions>(GatewayOptions.SectionName);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
    }
}
