using System.Text.Json;
using Mla.Webhooks.CloudEvents;

namespace Mla.Host.Demo;

/// <summary>Two projects and three clusters on two seeds, as the KKP CloudEvents that announce them.</summary>
internal static class DemoFleet
{
    public static IReadOnlyList<(string Id, string Name, string Seed, string ProjectId)> Clusters { get; } =
    [
        ("demoeu1aaa", "shop-prod", "europe-west3", "demoshop01"),
        ("demoeu1bbb", "shop-staging", "europe-west3", "demoshop01"),
        ("demous1ccc", "payments-prod", "us-central1", "demopay001"),
    ];

    public static byte[] BuildBatch(DateTimeOffset now)
    {
        var events = new List<object>
        {
            Event(KkpEventTypes.ProjectCreated, "demoshop01", now, new
            {
                id = "demoshop01",
                name = "Shop",
                members = new[] { new { email = "alice@example.com", role = "owner" }, new { email = "bob@example.com", role = "viewer" } },
            }),
            Event(KkpEventTypes.ProjectCreated, "demopay001", now, new
            {
                id = "demopay001",
                name = "Payments",
                members = new[] { new { email = "carol@example.com", role = "owner" } },
            }),
        };
        foreach (var (id, name, seed, projectId) in Clusters)
        {
            events.Add(Event(KkpEventTypes.ClusterCreated, id, now, new
            {
                id,
                name,
                seed,
                projectId,
                phase = "Running",
                labels = new Dictionary<string, string> { ["env"] = name.EndsWith("-prod", StringComparison.Ordinal) ? "prod" : "staging" },
                spec = new { mla = new { monitoringEnabled = true, loggingEnabled = true } },
            }));
        }

        return JsonSerializer.SerializeToUtf8Bytes(events);
    }

    private static Dictionary<string, object> Event(string type, string subject, DateTimeOffset time, object data) => new Dictionary<string, object>
    {
        ["specversion"] = "1.0",
        ["id"] = Guid.NewGuid().ToString(),
        ["source"] = "urn:mla:demo-fleet",
        ["type"] = type,
        ["subject"] = subject,
        ["time"] = time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["datacontenttype"] = "application/json",
        ["data"] = data,
    };
}
