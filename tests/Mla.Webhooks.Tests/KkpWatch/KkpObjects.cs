using System.Text.Json.Nodes;
using k8s;
using Mla.Webhooks.KkpWatch;

namespace Mla.Webhooks.Tests.KkpWatch;

/// <summary>KKP objects as a seed's API server returns them, read through KubernetesClient's own serializer.</summary>
internal static class KkpObjects
{
    public static KkpObject Parse(string json) => KubernetesJson.Deserialize<KkpObject>(json);

    public static KkpObject Cluster(string name, string? project = "k7x2m9qp4t", bool monitoring = true, bool logging = false, string resourceVersion = "10", bool deleting = false)
    {
        var labels = new JsonObject { ["env"] = "production", ["team"] = "payments" };
        if (project is not null)
        {
            labels["project-id"] = project;
        }

        var json = new JsonObject
        {
            ["apiVersion"] = "kubermatic.k8c.io/v1",
            ["kind"] = "Cluster",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["uid"] = $"uid-{name}",
                ["resourceVersion"] = resourceVersion,
                ["labels"] = labels,
                ["finalizers"] = new JsonArray("kubermatic.k8c.io/cleanup-namespace"),
            },
            ["spec"] = new JsonObject
            {
                ["humanReadableName"] = "payments-prod-eu",
                ["mla"] = new JsonObject { ["monitoringEnabled"] = monitoring, ["loggingEnabled"] = logging },
                ["cloud"] = new JsonObject { ["dc"] = "europe-west3-c" },
            },
            ["status"] = new JsonObject { ["phase"] = "Creating", ["namespaceName"] = $"cluster-{name}" },
        };
        if (deleting)
        {
            json["metadata"]!["deletionTimestamp"] = "2026-03-12T10:00:00Z";
        }

        return Parse(json.ToJsonString());
    }

    public static KkpObject Binding(string name, string email, string group, string project = "k7x2m9qp4t", string resourceVersion = "5") => Parse(
        $$$"""
        {"apiVersion":"kubermatic.k8c.io/v1","kind":"UserProjectBinding","metadata":{"name":"{{{name}}}","uid":"uid-{{{name}}}","resourceVersion":"{{{resourceVersion}}}"},
         "spec":{"userEmail":"{{{email}}}","projectID":"{{{project}}}","group":"{{{group}}}"}}
        """);

    public static KkpObject User(string name, string email, bool isAdmin, string resourceVersion = "7") => Parse(
        $$$"""
        {"apiVersion":"kubermatic.k8c.io/v1","kind":"User","metadata":{"name":"{{{name}}}","uid":"uid-{{{name}}}","resourceVersion":"{{{resourceVersion}}}"},
         "spec":{"id":"{{{name}}}","name":"Root","email":"{{{email}}}","isAdmin":{{{(isAdmin ? "true" : "false")}}}}}
        """);
}
