using System.Text;
using Mla.Chart.Tests.Rendering;

namespace Mla.Chart.Tests.Template;

/// <summary>Every secret a pod needs is referenced, and every reference points at a Secret and key that will exist.</summary>
public sealed class SecretReferenceTests
{
    /// <summary>The Secrets a value file names (existingSecret, the key-encryption key, the internal token, the rollout store), with the keys the chart reads from them.</summary>
    private static readonly Dictionary<string, string[]> UserSecrets = new(StringComparer.Ordinal)
    {
        ["mla-credentials"] = ["rabbitmq-password", "webhook-secret", "catalog-connection-string", "tenants-connection-string"],
        ["mla-tenants-kek"] = ["key-encryption-key", "kek"],
        ["mla-tenants-internal-token"] = ["internal-token", "token"],
        ["mla-grafana"] = ["admin-user", "admin-password"],
        ["mla-exporters-rollouts"] = ["connection-string"],
    };

    [Theory]
    [MemberData(nameof(ChartValueFiles.AllFiles), MemberType = typeof(ChartValueFiles))]
    public async Task Every_secret_reference_names_a_key_of_the_chart_secret_or_of_a_secret_the_values_name(string valuesFile)
    {
        var chart = await ChartValueFiles.RenderAsync(valuesFile);
        var chartSecretKeys = chart.Find("Secret", "mla")?.MapAt("data").Keys.ToHashSet(StringComparer.Ordinal) ?? [];

        var references = chart.Deployments.SelectMany(d => d.Env.Where(e => e.IsSecretReference).Select(e => (d.Name, e))).ToList();
        Assert.NotEmpty(references);
        foreach (var (deployment, env) in references)
        {
            var resolves = env.SecretName == "mla"
                ? chartSecretKeys.Contains(env.SecretKey!)
                : UserSecrets.TryGetValue(env.SecretName!, out var keys) && keys.Contains(env.SecretKey);
            Assert.True(resolves, $"{deployment}: {env.Name} reads {env.SecretName}/{env.SecretKey}, which this release does not provide");
        }
    }

    [Fact]
    public async Task The_chart_secret_holds_the_given_passwords_and_a_generated_webhook_secret()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.Minimal);
        var data = chart.Get("Secret", "mla").MapAt("data").ToDictionary(p => p.Key, p => Encoding.UTF8.GetString(Convert.FromBase64String(p.Value)));

        Assert.Equal(["catalog-connection-string", "rabbitmq-password", "tenants-connection-string", "webhook-secret"], data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("ci-only-password", data["rabbitmq-password"]);
        Assert.Equal("Host=postgresql;Port=5432;Database=mla_catalog;Username=mla;Password=ci-only-password", data["catalog-connection-string"]);
        Assert.Equal("Host=postgresql;Port=5432;Database=mla_tenants;Username=mla;Password=ci-only-password", data["tenants-connection-string"]);
        Assert.Matches("^[A-Za-z0-9]{48}$", data["webhook-secret"]);
    }

    [Fact]
    public async Task The_required_secrets_reach_each_service()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.Minimal);

        Assert.Equal(("mla", "webhook-secret"), SecretOf(chart.Deployment("mla-webhooks").EnvNamed("Mla__Webhooks__Secret")));
        Assert.Equal(("mla", "catalog-connection-string"), SecretOf(chart.Deployment("mla-webhooks").EnvNamed("Mla__Catalog__ConnectionString")));
        Assert.Equal(("mla", "tenants-connection-string"), SecretOf(chart.Deployment("mla-tenants").EnvNamed("Mla__Tenants__ConnectionString")));
        Assert.Equal(("mla-tenants-kek", "key-encryption-key"), SecretOf(chart.Deployment("mla-tenants").EnvNamed("Mla__Tenants__KeyEncryptionKey")));
        foreach (var deployment in chart.Deployments)
        {
            Assert.Equal(("mla", "rabbitmq-password"), SecretOf(deployment.EnvNamed("Mla__Bus__RabbitMq__Password")));
        }

        var gateway = chart.Deployment("mla-gateway");
        var volume = Assert.Single(gateway.PodSpec.ObjectsAt("volumes"), v => v.StringAt("name") == "gateway-tls");
        Assert.Equal("mla-gateway-tls", volume.StringAt("secret", "secretName"));
        Assert.Equal(["tls.crt", "tls.key"], volume.ObjectsAt("secret", "items").Select(i => i.StringAt("key")));
        var mount = Assert.Single(gateway.Container.ObjectsAt("volumeMounts"), m => m.StringAt("name") == "gateway-tls");
        Assert.Equal("/etc/mla/gateway-tls", mount.StringAt("mountPath"));
        Assert.Equal("/etc/mla/gateway-tls/tls.crt", gateway.EnvValue("Mla__Gateway__Tls__ServerCertificatePath"));
        Assert.Equal("/etc/mla/gateway-tls/tls.key", gateway.EnvValue("Mla__Gateway__Tls__ServerKeyPath"));
        Assert.Equal(8443, gateway.ContainerPort("agents"));
    }

    [Fact]
    public async Task Grafana_sync_reads_its_admin_credentials_and_internal_token_from_secrets_and_is_off_without_url()
    {
        var on = (await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn)).Deployment("mla-grafana");
        var off = (await ChartValueFiles.RenderAsync(ChartValueFiles.Minimal)).Deployment("mla-grafana");

        Assert.Equal("http://grafana.mla.svc.cluster.local", on.EnvValue("Mla__Grafana__Url"));
        Assert.Equal(("mla-grafana", "admin-user"), SecretOf(on.EnvNamed("Mla__Grafana__AdminUser")));
        Assert.Equal(("mla-grafana", "admin-password"), SecretOf(on.EnvNamed("Mla__Grafana__AdminPassword")));
        Assert.Equal(("mla-tenants-internal-token", "internal-token"), SecretOf(on.EnvNamed("Mla__Grafana__TenantService__Token")));
        Assert.Equal("http://mla-tenants:8080", on.EnvValue("Mla__Grafana__TenantService__Url"));
        Assert.Equal("https://mla-europe.example.com/", on.EnvValue("Mla__Grafana__SeedReadUrls__europe-west3-c"));
        Assert.Equal("true", on.EnvValue("Mla__Grafana__AuthProxy"));
        Assert.Equal("00:00:10", on.EnvValue("Mla__Grafana__FirstLoginCheckInterval"));
        Assert.Equal("00:00:30", off.EnvValue("Mla__Grafana__FirstLoginCheckInterval")); // the default
        Assert.Equal("/dashboards", on.EnvValue("Mla__Grafana__DashboardsDirectory"));
        Assert.Equal("mla-grafana-dashboards", Assert.Single(on.PodSpec.ObjectsAt("volumes"), v => v.StringAt("name") == "dashboards").StringAt("configMap", "name"));
        Assert.False(off.HasEnv("Mla__Grafana__Url"));
        Assert.False(off.HasEnv("Mla__Grafana__AdminPassword"));
    }

    [Fact]
    public async Task With_an_existing_secret_the_chart_creates_none_and_every_password_comes_from_it()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.ExistingSecret);

        Assert.Empty(chart.OfKind("Secret"));
        var fromExisting = chart.Deployments
            .SelectMany(d => d.Env)
            .Where(e => e.SecretName == "mla-credentials")
            .Select(e => e.SecretKey)
            .Distinct()
            .Order(StringComparer.Ordinal);
        Assert.Equal(["catalog-connection-string", "rabbitmq-password", "tenants-connection-string", "webhook-secret"], fromExisting);
        Assert.DoesNotContain(chart.Deployments.SelectMany(d => d.Env), e => e.SecretName == "mla");
    }

    [Fact]
    public async Task With_the_in_memory_bus_no_rabbitmq_setting_or_password_is_rendered()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.InMemoryBus);

        foreach (var deployment in chart.Deployments)
        {
            Assert.Equal("InMemory", deployment.EnvValue("Mla__Bus__Transport"));
            Assert.DoesNotContain(deployment.Env, e => e.Name.StartsWith("Mla__Bus__RabbitMq__", StringComparison.Ordinal));
        }

        Assert.False(chart.Get("Secret", "mla").MapAt("data").ContainsKey("rabbitmq-password"));
        var gateway = chart.Deployment("mla-gateway");
        Assert.Null(gateway.ContainerPort("agents"));
        Assert.False(gateway.HasEnv("Mla__Gateway__Tls__ListenUrl"));
    }

    private static (string?, string?) SecretOf(EnvVar env) => (env.SecretName, env.SecretKey);
}
