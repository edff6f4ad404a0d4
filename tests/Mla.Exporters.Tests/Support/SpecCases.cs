using Mla.Contracts.Settings;
using Mla.Contracts.Tenants;
using Mla.Exporters.Desired;

namespace Mla.Exporters.Tests.Support;

/// <summary>The fixed specs the golden files and the real-tool checks are made from: each agent, each profile, with and without limits.</summary>
public static class SpecCases
{
    public static readonly AgentCredentials FakeCredentials = new(
        "-----BEGIN CERTIFICATE-----\nMIIBfakeclientcertificate\n-----END CERTIFICATE-----\n",
        "-----BEGIN PRIVATE KEY-----\nMIGfakeprivatekey\n-----END PRIVATE KEY-----\n",
        "-----BEGIN CERTIFICATE-----\nMIIBfakeca\n-----END CERTIFICATE-----\n");

    public static readonly TenantLimits Limits = new(
        new MonitoringLimits(IngestionRate: 20_000, IngestionBurstSize: 200_000, MaxSeriesPerMetric: null, MaxSeriesTotal: 100_000, null, null, null, null),
        new LoggingLimits(IngestionRate: 4, IngestionBurstSize: 6, null, null));

    public static IReadOnlyList<string> Names { get; } =
        ["vmagent-standard-fluentbit", "vmagent-edge-alloy", "prometheus-standard-fluentbit-nolimits", "prometheus-edge-alloy"];

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names)
        {
            data.Add(name);
        }

        return data;
    }

    public static ClusterAgentsSpec Get(string name, AgentCredentials? credentials = null)
    {
        var parts = name.Split('-');
        return new ClusterAgentsSpec
        {
            ClusterId = "c" + parts[0][..2] + parts[1][..2],
            Seed = "europe-west",
            MetricsAgent = parts[0] == "vmagent" ? MetricsAgentKind.VmAgent : MetricsAgentKind.PrometheusAgent,
            Profile = parts[1] == "edge" ? AgentProfile.Edge : AgentProfile.Standard,
            LogAgent = parts[2] == "alloy" ? LogAgentKind.Alloy : LogAgentKind.FluentBit,
            Limits = name.EndsWith("nolimits", StringComparison.Ordinal) ? AgentLimits.None : AgentLimits.From(Limits, bytesPerSample: 8),
            Images = new AgentImages(),
            Credentials = credentials ?? FakeCredentials,
            GatewayUrl = new Uri("https://gateway.europe-west.example:8443/"),
            ExtraScrapeConfigs =
            [
                new System.Text.Json.Nodes.JsonObject
                {
                    ["job_name"] = "extra-blackbox",
                    ["static_configs"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                    {
                        ["targets"] = new System.Text.Json.Nodes.JsonArray("blackbox.monitoring.svc:9115"),
                    }),
                },
            ],
        };
    }
}
