using Microsoft.Extensions.Configuration;
using Mla.Hosting.Options;
using Mla.Writer.Configuration;

namespace Mla.Writer.Tests.Configuration;

public sealed class WriterOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = Bind(new()
        {
            ["Mla:Writer:Kafka:BootstrapServers"] = "k:9092",
            ["Mla:Writer:Sinks:vm:Url"] = "http://vm:8428/api/v1/write",
        });

        Assert.Equal("mla.metrics.v1", options.Topic);
        Assert.Equal("mla.metrics.v1.dlq", options.EffectiveDeadLetterTopic);
        var sink = options.Sinks["vm"];
        Assert.Equal("remote-write", sink.Type);
        Assert.Equal("header", sink.TenantPlacement);
        Assert.Equal("tenant", sink.TenantLabel);
        Assert.Equal(TimeSpan.FromSeconds(1), sink.BatchMaxWait);
        Assert.Equal("mla-writer-vm", sink.EffectiveGroupId("vm"));
        Assert.True(sink.Enabled);
        Assert.Equal(4, sink.MaxConcurrentRequests);
        Assert.Equal(TimeSpan.FromMinutes(5), sink.MaxTenantStall);
        Assert.Equal(64L * 1024 * 1024, sink.MaxHeldBytesPerTenant);
        Assert.Equal(256L * 1024 * 1024, sink.MaxHeldBytes);
        Assert.Equal("mla.metrics.v1.retry", options.EffectiveRetryTopic);
        Assert.Equal(2, options.Replay.MaxRunning);
        Assert.Empty(Validate(options));
    }

    [Fact]
    public void A_sink_url_with_user_info_is_refused_naming_the_key_and_never_the_password()
    {
        var options = Bind(new()
        {
            ["Mla:Writer:Kafka:BootstrapServers"] = "k:9092",
            ["Mla:Writer:Sinks:vm:Url"] = "https://writer:s3cret@vm.example:8428/api/v1/write",
        });

        var failure = Assert.Single(Validate(options));

        Assert.StartsWith("Mla:Writer:Sinks:vm:Url: must not contain credentials", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_url_is_echoed_without_its_user_info()
    {
        var options = Bind(new()
        {
            ["Mla:Writer:Kafka:BootstrapServers"] = "k:9092",
            ["Mla:Writer:Sinks:vm:Url"] = "ftp://writer:s3cret@vm.example/write",
        });

        var failure = Assert.Single(Validate(options));

        Assert.StartsWith("Mla:Writer:Sinks:vm:Url: 'ftp://***@vm.example/write' is not an absolute http(s) URL", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_memory_budget_and_concurrency_are_checked()
    {
        var options = Bind(new()
        {
            ["Mla:Writer:Kafka:BootstrapServers"] = "k:9092",
            ["Mla:Writer:Sinks:vm:Url"] = "http://vm:8428/api/v1/write",
            ["Mla:Writer:Sinks:vm:MaxHeldBytes"] = "100000000",
            ["Mla:Writer:Sinks:vm:MaxHeldBytesPerTenant"] = "200000000",
            ["Mla:Writer:Sinks:vm:MaxConcurrentRequests"] = "0",
            ["Mla:Writer:Sinks:vm:MaxTenantStall"] = "00:00:00",
            ["Mla:Writer:RetryTopic"] = "mla.metrics.v1",
        });

        var failures = Validate(options);

        Assert.Contains(failures, f => f.StartsWith("Mla:Writer:Sinks:vm:MaxHeldBytesPerTenant: must not be more than MaxHeldBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mla:Writer:Sinks:vm:MaxConcurrentRequests:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mla:Writer:Sinks:vm:MaxTenantStall:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mla:Writer:RetryTopic: must differ from Topic", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_sink_settings_name_their_full_key()
    {
        var options = Bind(new()
        {
            ["Mla:Writer:Kafka:BootstrapServers"] = "k:9092",
            ["Mla:Writer:Sinks:vmc:Url"] = "http://vminsert:8480/insert/prometheus/api/v1/write",
            ["Mla:Writer:Sinks:vmc:TenantPlacement"] = "url-template",
            ["Mla:Writer:Sinks:other:Url"] = "not a url",
            ["Mla:Writer:Sinks:other:TenantPlacement"] = "query",
            ["Mla:Writer:Sinks:other:BatchMaxRecords"] = "0",
        });

        var failures = Validate(options);

        Assert.Contains(failures, f => f.StartsWith("Mla:Writer:Sinks:vmc:Url: must contain {tenant}", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mla:Writer:Sinks:other:Url:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mla:Writer:Sinks:other:TenantPlacement: 'query'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mla:Writer:Sinks:other:BatchMaxRecords:", StringComparison.Ordinal));
    }

    [Fact]
    public void Loki_and_file_sinks_are_checked_for_what_their_type_needs()
    {
        var options = Bind(new()
        {
            ["Mla:Writer:Kafka:BootstrapServers"] = "k:9092",
            ["Mla:Writer:Sinks:files:Type"] = "file",
            ["Mla:Writer:Sinks:loki:Type"] = "loki",
            ["Mla:Writer:Sinks:loki:Url"] = "http://loki:3100/loki/api/v1/push",
            ["Mla:Writer:Sinks:loki:TenantPlacement"] = "extra-label",
            ["Mla:Writer:Sinks:odd:Type"] = "elasticsearch",
            ["Mla:Writer:Sinks:odd:Url"] = "http://es:9200/",
        });

        var failures = Validate(options);

        Assert.Contains("Mla:Writer:Sinks:files:Directory: is required for a file sink", failures);
        Assert.DoesNotContain(failures, f => f.StartsWith("Mla:Writer:Sinks:files:Url", StringComparison.Ordinal));
        Assert.Contains("Mla:Writer:Sinks:loki:TenantPlacement: a loki sink takes its tenant in a header (X-Scope-OrgID)", failures);
        Assert.Contains("Mla:Writer:Sinks:odd:Type: 'elasticsearch' is not one of remote-write, loki, file", failures);

        options.Sinks["files"].Directory = "/var/lib/mla/logs";
        options.Sinks["loki"].TenantPlacement = "header";
        options.Sinks.Remove("odd");
        Assert.Empty(Validate(options));
    }

    [Fact]
    public void An_enabled_sink_needs_the_bootstrap_servers()
    {
        var options = Bind(new() { ["Mla:Writer:Sinks:vm:Url"] = "http://vm:8428/api/v1/write" });

        Assert.Contains("Mla:Writer:Kafka:BootstrapServers: is required when a sink is enabled", Validate(options));

        options.Sinks["vm"].Enabled = false;
        Assert.Empty(Validate(options));
    }

    private static WriterOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().ReadSection<WriterOptions>(WriterOptions.SectionName);

    private static IReadOnlyList<string> Validate(WriterOptions options)
    {
        var result = new SectionDataAnnotationsValidator<WriterOptions>(WriterOptions.SectionName).Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }
}
