using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mla.Hosting.Options;
using Mla.Tenants.Purge;

namespace Mla.Tenants.Tests.Purge;

/// <summary>Section <c>Mla:Tenants:Purge</c>: defaults, and every wrong store setting refused with its full key.</summary>
public sealed class PurgeOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_as_documented()
    {
        var options = new PurgeOptions();

        Assert.Empty(Validate(options));
        Assert.Equal(TimeSpan.FromSeconds(60), options.VerifyTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.VerifyInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Delay);
        Assert.Equal("tenant", new PurgeStoreOptions().TenantLabel);
    }

    [Fact]
    public void A_configured_section_binds_and_passes()
    {
        var options = Bind(new()
        {
            ["Mla:Tenants:Purge:Stores:vm:Kind"] = "victoriametrics",
            ["Mla:Tenants:Purge:Stores:vm:Url"] = "http://vmsingle:8428",
            ["Mla:Tenants:Purge:Stores:logs:Kind"] = "loki",
            ["Mla:Tenants:Purge:Stores:logs:Url"] = "http://loki-compactor:3100",
            ["Mla:Tenants:Purge:Stores:logs:Selector"] = "{cluster=~\".+\"}",
            ["Mla:Tenants:Purge:VerifyTimeout"] = "00:02:00",
        });

        Assert.Empty(Validate(options));
        Assert.Equal(2, options.Stores.Count);
        Assert.Equal(TimeSpan.FromMinutes(2), options.VerifyTimeoutOf(options.Stores["vm"]));
    }

    [Fact]
    public void An_unknown_kind_a_bad_url_and_a_loki_store_without_selector_are_refused_by_key()
    {
        var options = new PurgeOptions
        {
            Stores =
            {
                ["thanos"] = new PurgeStoreOptions { Kind = "thanos", Url = "http://thanos:10902" },
                ["logs"] = new PurgeStoreOptions { Kind = "loki", Url = "loki:3100" },
                ["vm"] = new PurgeStoreOptions { Kind = "victoriametrics", Url = "http://vm:8428", TenantLabel = "not a label" },
            },
        };

        var failures = Validate(options).SelectMany(r => r.MemberNames).ToList();

        Assert.Contains("Stores:thanos:Kind", failures);
        Assert.Contains("Stores:logs:Url", failures);
        Assert.Contains("Stores:logs:Selector", failures);
        Assert.Contains("Stores:vm:TenantLabel", failures);
    }

    [Fact]
    public void Credentials_in_the_url_are_refused_without_echoing_them()
    {
        var options = new PurgeOptions { Stores = { ["vm"] = new PurgeStoreOptions { Kind = "victoriametrics", Url = "http://admin:hunter2@vm:8428" } } };

        var failure = Assert.Single(Validate(options));

        Assert.Equal(["Stores:vm:Url"], failure.MemberNames);
        Assert.DoesNotContain("hunter2", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verify_timeout_shorter_than_the_quiet_period_is_refused_for_victoriametrics()
    {
        var options = new PurgeOptions
        {
            VerifyTimeout = TimeSpan.FromSeconds(10),
            Stores = { ["vm"] = new PurgeStoreOptions { Kind = "victoriametrics", Url = "http://vm:8428" } },
        };

        Assert.Equal(["VerifyTimeout"], Assert.Single(Validate(options)).MemberNames);
    }

    [Fact]
    public void The_host_validator_reports_the_full_configuration_key()
    {
        var options = Bind(new()
        {
            ["Mla:Tenants:Purge:Stores:m:Kind"] = "prometheus",
            ["Mla:Tenants:Purge:Stores:m:Url"] = "http://m:9090",
        });

        var result = new SectionDataAnnotationsValidator<PurgeOptions>("Mla:Tenants:Purge").Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Mla:Tenants:Purge:Stores:m:Kind: 'prometheus' is not one of victoriametrics, mimir, cortex, loki", StringComparison.Ordinal));
    }

    [Fact]
    public void Registration_resolves_the_purge()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<Prometheus.IMetricFactory>(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        services.AddSingleton(Options.Create(new TenantsOptions()));
        services.AddTenantDataPurge();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<TenantDataPurge>(provider.GetRequiredService<ITenantDataPurge>());
    }

    private static PurgeOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build()
            .GetSection("Mla:Tenants:Purge").Get<PurgeOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new PurgeOptions();

    private static List<ValidationResult> Validate(PurgeOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
