using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Resources;

namespace Mla.Kubernetes.TestServer.Discovery;

/// <summary>
/// The discovery documents (https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api): <c>/version</c>; legacy <c>/api</c> (APIVersions), <c>/apis</c>
/// (APIGroupList), <c>/api/v1</c> and <c>/apis/{g}/{v}</c> (APIResourceList); aggregated discovery
/// (apidiscovery.k8s.io v2 APIGroupDiscoveryList) for <c>/api</c> and <c>/apis</c> when asked for.
/// </summary>
public static class DiscoveryDocuments
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-mla-test",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-12-01T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject ApiGroupList(KindRegistry kinds) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. Groups(kinds).Select(g => (JsonNode)ApiGroup(g.Key, g.Value))]),
    };

    public static JsonObject? ApiGroup(KindRegistry kinds, string group) =>
        Groups(kinds).TryGetValue(group, out var versions) ? ApiGroup(group, versions) : null;

    public static JsonObject? ApiResourceList(KindRegistry kinds, string group, string version)
    {
        var served = kinds.All.Where(k => k.Group == group && k.Version == version).ToList();
        if (served.Count == 0)
        {
            return null;
        }
        var resources = new JsonArray();
        foreach (var kind in served)
        {
            resources.Add(new JsonObject
            {
                ["name"] = kind.Plural,
                ["singularName"] = kind.Singular,
                ["namespaced"] = kind.Namespaced,
                ["kind"] = kind.Kind,
                ["verbs"] = Strings(ResourceKind.AllVerbs),
                ["shortNames"] = Strings(kind.ShortNames),
                ["categories"] = Strings(kind.Categories),
            });
            foreach (var sub in Subresources(kind))
            {
                var entry = new JsonObject
                {
                    ["name"] = $"{kind.Plural}/{sub}",
                    ["singularName"] = "",
                    ["namespaced"] = kind.Namespaced,
                    ["kind"] = sub == "scale" ? "Scale" : kind.Kind,
                    ["verbs"] = Strings(sub == "finalize" ? ["update"] : ResourceKind.StatusVerbs),
                };
                if (sub == "scale")
                {
                    entry["group"] = "autoscaling";
                    entry["version"] = "v1";
                }
                resources.Add(entry);
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = served[0].ApiVersion,
            ["resources"] = resources,
        };
    }

    /// <summary>The aggregated list for <c>/api</c> (core only) or <c>/apis</c> (every other group).</summary>
    public static JsonObject Aggregated(KindRegistry kinds, bool core, string version)
    {
        var items = new JsonArray();
        foreach (var (group, versions) in Groups(kinds).Where(g => (g.Key.Length == 0) == core))
        {
            var versionArray = new JsonArray();
            foreach (var v in versions)
            {
                var resources = new JsonArray();
                foreach (var kind in kinds.All.Where(k => k.Group == group && k.Version == v))
                {
                    var responseKind = new JsonObject { ["group"] = group, ["version"] = v, ["kind"] = kind.Kind };
                    var resource = new JsonObject
                    {
                        ["resource"] = kind.Plural,
                        ["responseKind"] = responseKind,
                        ["scope"] = kind.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = kind.Singular,
                        ["verbs"] = Strings(ResourceKind.AllVerbs),
                    };
                    if (kind.ShortNames.Count > 0)
                    {
                        resource["shortNames"] = Strings(kind.ShortNames);
                    }
                    if (kind.Categories.Count > 0)
                    {
                        resource["categories"] = Strings(kind.Categories);
                    }
                    var subresources = Subresources(kind).Select(sub => (JsonNode)new JsonObject
                    {
                        ["subresource"] = sub,
                        ["responseKind"] = sub == "scale"
                            ? new JsonObject { ["group"] = "autoscaling", ["version"] = "v1", ["kind"] = "Scale" }
                            : responseKind.DeepClone(),
                        ["verbs"] = Strings(sub == "finalize" ? ["update"] : ResourceKind.StatusVerbs),
                    }).ToArray();
                    if (subresources.Length > 0)
                    {
                        resource["subresources"] = new JsonArray(subresources);
                    }
                    resources.Add(resource);
                }
                versionArray.Add(new JsonObject { ["version"] = v, ["resources"] = resources, ["freshness"] = "Current" });
            }
            items.Add(new JsonObject { ["metadata"] = new JsonObject { ["name"] = group }, ["versions"] = versionArray });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/" + version,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static IEnumerable<string> Subresources(ResourceKind kind)
    {
        if (kind.HasStatus)
        {
            yield return "status";
        }
        if (kind.HasScale)
        {
            yield return "scale";
        }
        if (kind is { Group: "", Kind: "Namespace" })
        {
            yield return "finalize";
        }
    }

    /// <summary>Groups in discovery order with their versions (the first is the preferred one).</summary>
    private static Dictionary<string, List<string>> Groups(KindRegistry kinds)
    {
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (group, version) in kinds.GroupVersions())
        {
            if (!groups.TryGetValue(group, out var versions))
            {
                groups[group] = versions = [];
            }
            if (!versions.Contains(version))
            {
                versions.Add(version);
            }
        }
        return groups;
    }

    private static JsonObject ApiGroup(string group, List<string> versions)
    {
        JsonObject GroupVersion(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)GroupVersion(v))]),
            ["preferredVersion"] = GroupVersion(versions[0]),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)v)];
}
