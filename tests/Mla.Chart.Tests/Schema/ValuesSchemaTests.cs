using Mla.Chart.Tests.Rendering;
using Mla.Chart.Tests.Tools;

namespace Mla.Chart.Tests.Schema;

/// <summary>
/// Wrong values are refused before anything is rendered: by values.schema.json (types, closed objects, required
/// keys, enums, patterns, ranges) or, for what depends on other values, by the templates' <c>required</c> and
/// <c>fail</c>. Each refusal names the field.
/// </summary>
public sealed class ValuesSchemaTests
{
    private const string SchemaRefusal = "values don't meet the specifications of the schema(s)";

    [Theory]
    // A wrong type.
    [InlineData("--set-string", "webhooks.replicaCount=two", "'/webhooks/replicaCount': got string, want integer")]
    [InlineData("--set", "gateway.seeds=europe-west3-c", "'/gateway/seeds': got string, want array")]
    [InlineData("--set", "serviceMonitor.enabled=yes", "'/serviceMonitor/enabled': got string, want boolean")]
    [InlineData("--set", "gateway.logs.enabled=yes", "'/gateway/logs/enabled': got string, want boolean")]
    [InlineData("--set", "exporters.rollouts.postgres.existingSecret=1", "'/exporters/rollouts/postgres/existingSecret': got number, want string")]
    [InlineData("--set", "exporters.rollouts.retention=30", "'/exporters/rollouts/retention': got number, want string")]
    // An unknown key where the schema is closed.
    [InlineData("--set", "webhooks.replicas=2", "'/webhooks': additional properties 'replicas' not allowed")]
    [InlineData("--set", "replicaCount=2", "additional properties 'replicaCount' not allowed")]
    [InlineData("--set", "writer.sinks.mimir.url=http://mimir:8080/api/v1/push,writer.sinks.mimir.tenant=header", "'/writer/sinks/mimir': additional properties 'tenant' not allowed")]
    // A missing required value.
    [InlineData("--set", "webhooks.podDisruptionBudget.enabled=null", "'/webhooks/podDisruptionBudget': missing property 'enabled'")]
    [InlineData("--set", "tenants.purge.stores.logs.kind=loki,tenants.purge.stores.logs.url=http://loki:3100", "'/tenants/purge/stores/logs': missing property 'selector'")]
    [InlineData("--set", "writer.sinks.mimir.tenantPlacement=header", "'/writer/sinks/mimir': missing property 'url'")]
    // Values out of their enum, pattern or range.
    [InlineData("--set", "bus.transport=Kafka", "'/bus/transport': value must be one of 'RabbitMq', 'InMemory'")]
    [InlineData("--set", "webhooks.publishTimeout=24:00:00", "'/webhooks/publishTimeout': '24:00:00' does not match pattern")]
    [InlineData("--set-string", "exporters.rollouts.retention=30d", "'/exporters/rollouts/retention': '30d' does not match pattern")]
    [InlineData("--set", "exporters.rollouts.postgres.key=", "'/exporters/rollouts/postgres/key'")]
    [InlineData("--set", "exporters.rollouts.postgres.connectionString=Host=db", "'/exporters/rollouts/postgres': additional properties 'connectionString' not allowed")]
    [InlineData("--set", "gateway.replicaCount=-1", "'/gateway/replicaCount': minimum: got -1, want 0")]
    [InlineData("--set", "writer.sinks.victoriametrics.url=http://user:secret@victoria-metrics:8428/api/v1/write", "'/writer/sinks/victoriametrics/url'")]
    [InlineData("--set", "access.tokens[0].caller=ci,access.tokens[0].role=admin,access.tokens[0].sha256=00", "'/access/tokens/0/role'")]
    [InlineData("--set", "access.oidc.roles.org:team=operator", "invalid propertyName 'org:team'")]
    public async Task The_values_schema_refuses_a_wrong_value_and_names_the_field(string setFlag, string assignment, string expected)
    {
        var result = await Helm.TemplateAsync(ChartValueFiles.Minimal, setFlag, assignment);

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains(SchemaRefusal, result.StandardError, StringComparison.Ordinal);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Theory]
    [InlineData("bus.rabbitMq.password=", "bus.rabbitMq.password is required when bus.transport is RabbitMq")]
    [InlineData("webhooks.catalog.connectionString=", "webhooks.catalog.connectionString is required")]
    [InlineData("tenants.database.connectionString=", "tenants.database.connectionString is required")]
    [InlineData("tenants.keyEncryptionKey.existingSecret=", "tenants.keyEncryptionKey.existingSecret is required")]
    [InlineData("tenants.internalToken.existingSecret=", "tenants.internalToken.existingSecret is required")]
    [InlineData("gateway.tls.secretName=", "gateway.tls.secretName is required when gateway.tls.enabled")]
    [InlineData("access.oidc.issuer=https://dex.example.com,access.oidc.roles.admins=operator", "access.oidc.audience is required when access.oidc.issuer is set")]
    [InlineData("access.oidc.issuer=https://dex.example.com,access.oidc.audience=mla", "access.oidc.roles must map at least one claim value to a role")]
    [InlineData("tenants.purge.enabled=true", "tenants.purge.enabled is true but tenants.purge.stores names no store")]
    public async Task Rendering_refuses_a_missing_required_value_and_names_it(string assignment, string expected)
    {
        var result = await Helm.TemplateAsync(ChartValueFiles.Minimal, "--set", assignment);

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Theory]
    [InlineData(ChartValueFiles.WebhooksOff, "webhooks.catalog.connectionString=")]
    [InlineData(ChartValueFiles.GatewayOff, "gateway.tls.secretName=")]
    [InlineData(ChartValueFiles.TenantsOff, "tenants.database.connectionString=,tenants.keyEncryptionKey.existingSecret=,tenants.internalToken.existingSecret=")]
    [InlineData(ChartValueFiles.InMemoryBus, "bus.rabbitMq.password=")]
    [InlineData(ChartValueFiles.ExistingSecret, "bus.rabbitMq.password=,webhooks.catalog.connectionString=,tenants.database.connectionString=")]
    public async Task A_value_is_not_required_where_nothing_uses_it(string valuesFile, string emptied)
    {
        var result = await Helm.TemplateAsync(valuesFile, "--set", emptied);

        Assert.True(result.Succeeded, result.ToString());
    }
}
