using Mla.Hosting.Options;
using Mla.Ingestion.Kafka;
using Mla.KafkaMock;

namespace Mla.Host.Embedded;

/// <summary>
/// The embedded default: everything <c>make run</c> needs besides the services, started by the host itself. Each
/// piece fills in the settings the services would otherwise need from an operator (only where they are empty), so
/// the same service code runs here and in the microservices deployment.
/// </summary>
internal static class EmbeddedDefaultSetup
{
    /// <summary>Starts only what the selected targets use: Kafka for the gateway and writer, storage for the writer, agents for the gateway.</summary>
    public static WebApplicationBuilder AddEmbeddedDefault(this WebApplicationBuilder builder, IReadOnlySet<string> targets)
    {
        var dataPlane = targets.Contains("gateway") || targets.Contains("writer");
        builder.Services.AddValidatedOptions<EmbeddedOptions>(EmbeddedOptions.SectionName);
        var options = builder.Configuration.ReadSection<EmbeddedOptions>(EmbeddedOptions.SectionName);
        var state = Path.GetFullPath(options.StateDirectory);
        var settings = new Dictionary<string, string?>();
        void Default(string key, string value)
        {
            if (string.IsNullOrEmpty(builder.Configuration[key]))
            {
                settings[key] = value;
            }
        }

        Default("Mla:Catalog:SqlitePath", Path.Combine(state, "catalog.db"));
        Default("Mla:Tenants:SqlitePath", Path.Combine(state, "tenants.db"));
        Default("Mla:AgentRollouts:SqlitePath", Path.Combine(state, "agent-rollouts.db"));
        Default("Mla:Tenants:KeyFilePath", Path.Combine(state, "tenants.key"));
        Default("Mla:Tenants:GenerateKeyWhenMissing", "true");
        // The demo agents fetch their credentials every minute: a CA rotation completes within minutes, not a day.
        Default("Mla:Tenants:CaRotation:GracePeriod", "00:05:00");

        var access = EmbeddedAccess.Ensure(state);
        builder.Services.AddSingleton(access);
        foreach (var (key, value) in access.Settings())
        {
            settings[key] = value;
        }

        Serilog.Log.Information("Admin API: an operator token is in {AdminTokenPath} (curl -H \"Authorization: Bearer $(cat {AdminTokenPath})\" ...)", access.AdminTokenPath, access.AdminTokenPath);

        if (options.Kafka && dataPlane)
        {
            var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions
            {
                Topics =
                [
                    new MockKafkaTopic(IngestionTopics.Metrics, options.KafkaPartitions),
                    new MockKafkaTopic(IngestionTopics.DeadLetter(IngestionTopics.Metrics), 1),
                    new MockKafkaTopic(IngestionTopics.Retry(IngestionTopics.Metrics), 1),
                    new MockKafkaTopic(IngestionTopics.Logs, options.KafkaPartitions),
                    new MockKafkaTopic(IngestionTopics.DeadLetter(IngestionTopics.Logs), 1),
                    new MockKafkaTopic(IngestionTopics.Retry(IngestionTopics.Logs), 1),
                ],
            });
            builder.Services.AddSingleton(cluster);
            Serilog.Log.Information("Embedded Kafka-protocol broker (librdkafka mock cluster) on {Bootstrap}", cluster.BootstrapServers);
            Default("Mla:Gateway:Kafka:BootstrapServers", cluster.BootstrapServers);
            Default("Mla:Writer:Kafka:BootstrapServers", cluster.BootstrapServers);
        }

        var pki = new DevelopmentPki(Path.Combine(state, "pki"));
        pki.Ensure();
        builder.Services.AddSingleton(pki);
        Default("Mla:Gateway:Tls:ServerCertificatePath", pki.ServerCertificatePath);
        Default("Mla:Gateway:Tls:ServerKeyPath", pki.ServerKeyPath);
        // Agents verify the gateway with the CA that signed its server certificate (handed out with their credentials).
        Default("Mla:Tenants:GatewayCaPath", pki.CaCertificatePath);

        // The tenant service runs in this process: the gateway and the writer follow it at the host's own address,
        // and the demo agents fetch their credentials from it with a token generated for this run.
        var self = SelfUrl(builder.Configuration);
        if (targets.Contains("tenants") && self is not null)
        {
            Default("Mla:Gateway:TenantService:Url", self);
            Default("Mla:Writer:Tenants:Url", self);
            Default("Mla:Gateway:TenantService:Token", access.InternalToken);
            Default("Mla:Writer:Tenants:Token", access.InternalToken);
            if (!string.IsNullOrEmpty(builder.Configuration["Mla:Grafana:Url"]))
            {
                // Grafana sync: read tokens from the tenant service here; every demo seed is read through this host's read path.
                Default("Mla:Grafana:TenantService:Url", self);
                Default("Mla:Grafana:TenantService:Token", access.InternalToken);
                foreach (var seed in Demo.DemoFleet.Clusters.Select(c => c.Seed).Distinct(StringComparer.Ordinal))
                {
                    Default($"Mla:Grafana:SeedReadUrls:{seed}", self.TrimEnd('/') + "/");
                }
            }
        }

        // Exporters in render mode: the demo clusters' manifests under .mla/rendered/<seed>/<cluster>/.
        if (targets.Contains("exporters"))
        {
            Default("Mla:Exporters:Mode", "Render");
            Default("Mla:Exporters:RenderDirectory", Path.Combine(state, "rendered"));
            // The demo agents run the rendered configuration: scrape as often as they did, and report their health soon.
            Default("Mla:Exporters:ScrapeInterval", "00:00:05");
            Default("Mla:Exporters:ResyncInterval", "00:00:10");
            if (targets.Contains("tenants") && self is not null)
            {
                Default("Mla:Exporters:Tenants:Url", self);
                Default("Mla:Exporters:Tenants:Token", access.InternalToken);
            }
        }

        if (options.VictoriaMetrics.Enabled && targets.Contains("writer"))
        {
            builder.Services.AddHostedService<EmbeddedVictoriaMetrics>();
            Default("Mla:Writer:Sinks:victoriametrics:Type", "remote-write");
            Default("Mla:Writer:Sinks:victoriametrics:Url", $"http://{options.VictoriaMetrics.ListenAddress}/api/v1/write");
            Default("Mla:Writer:Sinks:victoriametrics:TenantPlacement", "extra-label");
            Default("Mla:Tenants:PurgeDataOnDelete", "true");
            Default("Mla:Tenants:Purge:Stores:victoriametrics:Kind", "victoriametrics");
            Default("Mla:Tenants:Purge:Stores:victoriametrics:Url", $"http://{options.VictoriaMetrics.ListenAddress}");
            // The read path reads the same VictoriaMetrics, each tenant's reads scoped by extra_label=tenant=<id>.
            Default("Mla:Gateway:ReadPath:Metrics:Kind", "VictoriaMetrics");
            Default("Mla:Gateway:ReadPath:Metrics:Url", $"http://{options.VictoriaMetrics.ListenAddress}/");
        }

        if (targets.Contains("rules"))
        {
            Default("Mla:Rules:DefaultsDirectory", Path.Combine(AppContext.BaseDirectory, "rule-groups"));
            if (options.Alerting.Enabled && options.VictoriaMetrics.Enabled)
            {
                builder.Services.AddHostedService<EmbeddedAlerting>();
                Default("Mla:Rules:VmAlert:RulesDirectory", EmbeddedAlerting.RulesDirectory(options));
                Default("Mla:Rules:VmAlert:Url", $"http://{options.Alerting.VmAlertListenAddress}/");
                Default("Mla:Rules:Alertmanager:ConfigPath", EmbeddedAlerting.AlertmanagerConfigPath(options));
                Default("Mla:Rules:Alertmanager:Url", $"http://{options.Alerting.AlertmanagerListenAddress}/");
            }
        }

        var listenUrl = builder.Configuration["Mla:Gateway:Tls:ListenUrl"];
        if (!string.IsNullOrEmpty(listenUrl))
        {
            Default("Mla:Tenants:GatewayUrl", new Uri(new Uri(listenUrl), "/api/v1/push").ToString());
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(new GatewayEndpoint(string.IsNullOrEmpty(listenUrl) ? null : new Uri(new Uri(listenUrl), "/api/v1/push")));
        if (options.Agents.Enabled && targets.Contains("gateway") && targets.Contains("tenants"))
        {
            builder.Services.AddSingleton<DemoAgentHealth>();
            builder.Services.AddSingleton<Mla.Exporters.Export.IRenderedAgentHealth>(sp => sp.GetRequiredService<DemoAgentHealth>());
            builder.Services.AddHostedService<DemoAgents>();
        }

        // Logs: a second writer (a child process) reads the logs topic into files; syslog-ng per demo cluster feeds the gateway.
        if (options.Logs.Enabled && options.Kafka && targets.Contains("writer") && targets.Contains("tenants"))
        {
            Directory.CreateDirectory(options.LogsDirectory);
            builder.Services.AddHostedService<EmbeddedLogsWriter>();
            Serilog.Log.Information("Logs: every demo cluster's lines land in {LogsDirectory}/<tenant>/", options.LogsDirectory);
            if (targets.Contains("gateway") && !string.IsNullOrEmpty(listenUrl) && self is not null)
            {
                builder.Services.AddHostedService<DemoLogShippers>();
            }
        }

        return builder;
    }

    /// <summary>The host's first plain-HTTP address from <c>Urls</c> (where the tenant API is), or null.</summary>
    private static string? SelfUrl(ConfigurationManager configuration) =>
        (configuration["Urls"] ?? configuration["urls"] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(url => url.StartsWith("http://", StringComparison.Ordinal) && !url.EndsWith(":0", StringComparison.Ordinal));
}
