using Mla.Chart.Tests.Rendering;

namespace Mla.Chart.Tests.Template;

/// <summary>The values of everything-on-values.yaml reach the objects and the containers' environment.</summary>
public sealed class SettingsTests
{
    [Fact]
    public async Task The_access_settings_reach_every_service()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn);

        Assert.Equal(ExpectedObjects.Services.Count, chart.Deployments.Count);
        foreach (var deployment in chart.Deployments)
        {
            Assert.Equal("0000000000000000000000000000000000000000000000000000000000000001", deployment.EnvValue("Mla__Access__Tokens__platform-team__Sha256"));
            Assert.Equal("operator", deployment.EnvValue("Mla__Access__Tokens__platform-team__Role"));
            Assert.Equal("00000000000000000000000000000000000000000000000000000000000000AB", deployment.EnvValue("Mla__Access__Tokens__mla-internal__Sha256"));
            Assert.Equal("internal", deployment.EnvValue("Mla__Access__Tokens__mla-internal__Role"));
            Assert.Equal("https://kkp.example.com/dex", deployment.EnvValue("Mla__Access__Oidc__Issuer"));
            Assert.Equal("mla", deployment.EnvValue("Mla__Access__Oidc__Audience"));
            Assert.Equal("groups", deployment.EnvValue("Mla__Access__Oidc__RoleClaim"));
            Assert.Equal("email", deployment.EnvValue("Mla__Access__Oidc__NameClaim"));
            Assert.Equal("operator", deployment.EnvValue("Mla__Access__Oidc__Roles__mla-operators"));
            Assert.Equal("viewer", deployment.EnvValue("Mla__Access__Oidc__Roles__mla-viewers"));
        }
    }

    [Fact]
    public async Task Without_access_settings_no_access_variable_is_rendered()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.Minimal);

        Assert.All(chart.Deployments, d => Assert.DoesNotContain(d.Env, e => e.Name.StartsWith("Mla__Access__", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Images_pull_settings_labels_and_scheduling_reach_every_pod()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn);

        Assert.All(chart.Objects, o => Assert.Equal("observability", o.MapAt("metadata", "labels").GetValueOrDefault("team")));
        foreach (var deployment in chart.Deployments)
        {
            Assert.Equal($"registry.example.com/mla/mla-{deployment.Component}:1.2.3", deployment.Container.StringAt("image"));
            Assert.Equal("Always", deployment.Container.StringAt("imagePullPolicy"));
            Assert.Equal(["regcred"], deployment.PodSpec.ObjectsAt("imagePullSecrets").Select(s => s.StringAt("name")));
            Assert.Equal("mla-services", deployment.PodSpec.StringAt("serviceAccountName"));
            Assert.Equal("1.2.3", deployment.Manifest.MapAt("metadata", "labels")["app.kubernetes.io/version"]);
        }

        var webhooks = chart.Deployment("mla-webhooks");
        Assert.Equal("mla-critical", webhooks.PodSpec.StringAt("priorityClassName"));
        Assert.Equal("linux", webhooks.PodSpec.MapAt("nodeSelector")["kubernetes.io/os"]);
        Assert.Equal("mla", Assert.Single(webhooks.PodSpec.ObjectsAt("tolerations")).StringAt("value"));
        Assert.NotNull(webhooks.PodSpec.At("affinity", "podAntiAffinity"));
        Assert.Equal("topology.kubernetes.io/zone", Assert.Single(webhooks.PodSpec.ObjectsAt("topologySpreadConstraints")).StringAt("topologyKey"));
        Assert.Equal("observability", webhooks.PodAnnotations["example.com/owner"]);
        Assert.Equal("control-plane", webhooks.PodLabels["tier"]);
        Assert.Equal("false", chart.Get("Service", "mla-webhooks").MapAt("metadata", "annotations")["example.com/exposed"]);
        Assert.Equal("mla", chart.Get("ServiceAccount", "mla-services").MapAt("metadata", "annotations")["example.com/role"]);
    }

    [Fact]
    public async Task The_bus_and_webhook_settings_reach_the_webhook_receiver()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn);
        var webhooks = chart.Deployment("mla-webhooks");

        Assert.Equal("RabbitMq", webhooks.EnvValue("Mla__Bus__Transport"));
        Assert.Equal("rabbitmq.messaging.svc", webhooks.EnvValue("Mla__Bus__RabbitMq__Host"));
        Assert.Equal("5671", webhooks.EnvValue("Mla__Bus__RabbitMq__Port"));
        Assert.Equal("mla", webhooks.EnvValue("Mla__Bus__RabbitMq__VirtualHost"));
        Assert.Equal("mla-services", webhooks.EnvValue("Mla__Bus__RabbitMq__Username"));
        Assert.Equal("2097152", webhooks.EnvValue("Mla__Webhooks__MaxBodyBytes"));
        Assert.Equal("500", webhooks.EnvValue("Mla__Webhooks__MaxEventsPerBatch"));
        Assert.Equal("00:00:20", webhooks.EnvValue("Mla__Webhooks__PublishTimeout"));
        Assert.Equal("2.00:00:00", webhooks.EnvValue("Mla__Webhooks__DeduplicationWindow"));
        Assert.Equal("00:30:00", webhooks.EnvValue("Mla__Webhooks__ResyncInterval"));
        Assert.Equal("2", webhooks.EnvValue("Mla__Webhooks__MaxConcurrentResyncs"));
        Assert.Equal("Postgres", webhooks.EnvValue("Mla__Catalog__Provider"));
        var secret = chart.Get("Secret", "mla").MapAt("data");
        Assert.Equal("ci-only-webhook-secret", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret["webhook-secret"])));
        // extraEnv comes last, so that it can override what the chart sets.
        Assert.Equal("Serilog__MinimumLevel__Default", webhooks.Env[^1].Name);
        Assert.Equal("Debug", webhooks.Env[^1].Value);
    }

    [Fact]
    public async Task The_gateway_gets_kafka_its_seeds_tls_and_the_tenant_service()
    {
        var gateway = (await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn)).Deployment("mla-gateway");

        Assert.Equal("kafka-0.kafka:9092,kafka-1.kafka:9092", gateway.EnvValue("Mla__Gateway__Kafka__BootstrapServers"));
        Assert.Equal("europe-west3-c", gateway.EnvValue("Mla__Gateway__Seeds__0"));
        Assert.Equal("us-central1", gateway.EnvValue("Mla__Gateway__Seeds__1"));
        Assert.False(gateway.HasEnv("Mla__Gateway__Seeds__2"));
        Assert.Equal("https://0.0.0.0:8443", gateway.EnvValue("Mla__Gateway__Tls__ListenUrl"));
        Assert.Equal("http://mla-tenants:8080", gateway.EnvValue("Mla__Gateway__TenantService__Url"));
        var token = gateway.EnvNamed("Mla__Gateway__TenantService__Token");
        Assert.Equal(("mla-tenants-internal-token", "token"), (token.SecretName, token.SecretKey));
        Assert.Equal("100000", gateway.EnvValue("Mla__Gateway__DefaultLimits__IngestionRate"));
    }

    [Fact]
    public async Task The_gateway_gets_the_logs_topic_and_only_the_logs_limits_that_are_set()
    {
        var gateway = (await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn)).Deployment("mla-gateway");

        Assert.Equal("mla.logs.v1", gateway.EnvValue("Mla__Gateway__Kafka__LogsTopic"));
        Assert.Equal("8388608", gateway.EnvValue("Mla__Gateway__DefaultLimits__Logs__IngestionRateBytes"));
        Assert.Equal("131072", gateway.EnvValue("Mla__Gateway__DefaultLimits__Logs__MaxLineBytes"));
        Assert.Equal("00:05:00", gateway.EnvValue("Mla__Gateway__DefaultLimits__Logs__MaxEntryFutureSkew"));
        Assert.False(gateway.HasEnv("Mla__Gateway__DefaultLimits__Logs__IngestionBurstBytes"));

        var minimal = (await ChartValueFiles.RenderAsync(ChartValueFiles.Minimal)).Deployment("mla-gateway");
        Assert.DoesNotContain(minimal.Env, e => e.Name.StartsWith("Mla__Gateway__DefaultLimits__Logs__", StringComparison.Ordinal));
        Assert.False((await ChartValueFiles.RenderAsync(ChartValueFiles.Minimal)).Deployment("mla-writer").HasEnv("Mla__Writer__Topic"));
    }

    [Fact]
    public async Task The_writer_gets_every_sink_with_its_tuning_the_retry_topic_and_replays()
    {
        var writer = (await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn)).Deployment("mla-writer");

        Assert.Equal("http://mimir-distributor:8080/api/v1/push", writer.EnvValue("Mla__Writer__Sinks__mimir__Url"));
        Assert.Equal("header", writer.EnvValue("Mla__Writer__Sinks__mimir__TenantPlacement"));
        Assert.Equal("8", writer.EnvValue("Mla__Writer__Sinks__mimir__MaxConcurrentRequests"));
        Assert.Equal("00:10:00", writer.EnvValue("Mla__Writer__Sinks__mimir__MaxTenantStall"));
        Assert.Equal("33554432", writer.EnvValue("Mla__Writer__Sinks__mimir__MaxHeldBytesPerTenant"));
        Assert.Equal("134217728", writer.EnvValue("Mla__Writer__Sinks__mimir__MaxHeldBytes"));
        // Helm merges maps: the default sink stays beside the added one.
        Assert.Equal("http://victoria-metrics:8428/api/v1/write", writer.EnvValue("Mla__Writer__Sinks__victoriametrics__Url"));
        Assert.Equal("extra-label", writer.EnvValue("Mla__Writer__Sinks__victoriametrics__TenantPlacement"));
        Assert.Equal("mla.metrics.v1.retry-ci", writer.EnvValue("Mla__Writer__RetryTopic"));
        Assert.Equal("4", writer.EnvValue("Mla__Writer__Replay__MaxRunning"));
        Assert.Equal("kafka-0.kafka:9092,kafka-1.kafka:9092", writer.EnvValue("Mla__Writer__Kafka__BootstrapServers"));
        Assert.Equal("SASL_SSL", writer.EnvValue("Mla__Writer__Kafka__Properties__security.protocol"));
    }

    [Fact]
    public async Task The_tenant_service_gets_its_key_the_gateway_url_and_the_purge_stores()
    {
        var tenants = (await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn)).Deployment("mla-tenants");

        Assert.Equal("Postgres", tenants.EnvValue("Mla__Tenants__Provider"));
        var key = tenants.EnvNamed("Mla__Tenants__KeyEncryptionKey");
        Assert.Equal(("mla-tenants-kek", "kek"), (key.SecretName, key.SecretKey));
        Assert.Equal("https://mla-gateway.example.com:443/api/v1/push", tenants.EnvValue("Mla__Tenants__GatewayUrl"));
        Assert.Equal("true", tenants.EnvValue("Mla__Tenants__PurgeDataOnDelete"));
        Assert.Equal("victoriametrics", tenants.EnvValue("Mla__Tenants__Purge__Stores__victoriametrics__Kind"));
        Assert.Equal("http://victoria-metrics:8428", tenants.EnvValue("Mla__Tenants__Purge__Stores__victoriametrics__Url"));
        Assert.Equal("loki", tenants.EnvValue("Mla__Tenants__Purge__Stores__loki__Kind"));
        Assert.Equal("{cluster=~\".+\"}", tenants.EnvValue("Mla__Tenants__Purge__Stores__loki__Selector"));
        Assert.Equal("30.00:00:00", tenants.EnvValue("Mla__Tenants__CertificateLifetime"));
    }
}
