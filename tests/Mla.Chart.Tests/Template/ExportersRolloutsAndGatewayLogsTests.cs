using Mla.Chart.Tests.Rendering;
using Mla.Chart.Tests.Tools;

namespace Mla.Chart.Tests.Template;

/// <summary>
/// The exporters' rollout store (SQLite on the emptyDir, or PostgreSQL from an existing Secret, never in plain text),
/// the rollout retention, and the gateway's logs push path switch.
/// </summary>
public sealed class ExportersRolloutsAndGatewayLogsTests
{
    private const string RolloutConnectionString = "Mla__AgentRollouts__ConnectionString";

    [Fact]
    public async Task Without_a_postgres_secret_rollouts_live_in_sqlite_on_the_emptydir_with_the_default_retention()
    {
        var exporters = (await ChartValueFiles.RenderAsync(ChartValueFiles.Minimal)).Deployment("mla-exporters");

        Assert.Equal("/tmp/mla/agent-rollouts.db", exporters.EnvValue("Mla__AgentRollouts__SqlitePath"));
        Assert.False(exporters.HasEnv(RolloutConnectionString));
        Assert.Equal("30.00:00:00", exporters.EnvValue("Mla__AgentRollouts__Retention"));
    }

    [Fact]
    public async Task With_a_postgres_secret_the_connection_string_comes_from_it_by_reference_and_sqlite_is_not_set()
    {
        var chart = await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn);
        var exporters = chart.Deployment("mla-exporters");

        var connection = exporters.EnvNamed(RolloutConnectionString);
        Assert.Equal(("mla-exporters-rollouts", "connection-string"), (connection.SecretName, connection.SecretKey));
        Assert.Null(connection.Value);
        Assert.False(exporters.HasEnv("Mla__AgentRollouts__SqlitePath"));
        Assert.Equal("7.00:00:00", exporters.EnvValue("Mla__AgentRollouts__Retention"));
    }

    [Fact]
    public async Task A_postgres_secret_given_on_the_command_line_is_referenced_with_the_default_key_and_never_inlined()
    {
        var chart = await Helm.RenderAsync(ChartValueFiles.Minimal, "--set", "exporters.rollouts.postgres.existingSecret=rollouts-db");
        var exporters = chart.Deployment("mla-exporters");

        var connection = exporters.EnvNamed(RolloutConnectionString);
        Assert.Equal(("rollouts-db", "rollouts-connection-string"), (connection.SecretName, connection.SecretKey));
        Assert.Null(connection.Value);
        Assert.DoesNotContain(chart.OfKind("Secret"), s => s.MapAt("data").ContainsKey("rollouts-connection-string"));
    }

    [Fact]
    public async Task The_gateway_serves_the_logs_path_by_default_and_gets_no_logs_settings_when_it_is_off()
    {
        var on = (await ChartValueFiles.RenderAsync(ChartValueFiles.EverythingOn)).Deployment("mla-gateway");
        var off = (await Helm.RenderAsync(ChartValueFiles.EverythingOn, "--set", "gateway.logs.enabled=false")).Deployment("mla-gateway");

        Assert.Equal("true", on.EnvValue("Mla__Gateway__LogsEnabled"));
        Assert.Equal("mla.logs.v1", on.EnvValue("Mla__Gateway__Kafka__LogsTopic"));
        Assert.Contains(on.Env, e => e.Name.StartsWith("Mla__Gateway__DefaultLimits__Logs__", StringComparison.Ordinal));

        Assert.Equal("false", off.EnvValue("Mla__Gateway__LogsEnabled"));
        Assert.False(off.HasEnv("Mla__Gateway__Kafka__LogsTopic"));
        Assert.DoesNotContain(off.Env, e => e.Name.StartsWith("Mla__Gateway__DefaultLimits__Logs__", StringComparison.Ordinal));
        Assert.Equal(on.EnvValue("Mla__Gateway__Kafka__BootstrapServers"), off.EnvValue("Mla__Gateway__Kafka__BootstrapServers"));
    }
}
