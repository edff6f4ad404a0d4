using System.Globalization;
using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Resources;

namespace Mla.Kubernetes.TestServer.OpenApi;

/// <summary>
/// OpenAPI v3 as far as kubectl <c>apply</c>/<c>create -f</c> needs it (https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-v3): the root lists each
/// group-version with a <c>serverRelativeURL</c>; each group-version document has, for every kind, a PATCH operation
/// carrying <c>x-kubernetes-group-version-kind</c> and the <c>fieldValidation</c> query parameter, so kubectl leaves
/// validation to the server. Schemas are open objects (no client-side validation to satisfy).
/// </summary>
public static class OpenApiDocuments
{
    public static JsonObject Root(KindRegistry kinds)
    {
        var paths = new JsonObject();
        foreach (var (group, version) in kinds.GroupVersions())
        {
            var path = GroupVersionPath(group, version);
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Hash(kinds, group, version)}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of <c>api/v1</c> or <c>apis/{g}/{v}</c>, or null.</summary>
    public static JsonObject? GroupVersion(KindRegistry kinds, string path)
    {
        var served = kinds.All.Where(k => GroupVersionPath(k.Group, k.Version) == path).ToList();
        if (served.Count == 0)
        {
            return null;
        }
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var kind in served)
        {
            var schemaName = SchemaName(kind);
            var gvk = new JsonObject { ["group"] = kind.Group, ["version"] = kind.Version, ["kind"] = kind.Kind };
            var itemPath = kind.Namespaced
                ? $"{kind.GroupVersionPath}/namespaces/{{namespace}}/{kind.Plural}/{{name}}"
                : $"{kind.GroupVersionPath}/{kind.Plural}/{{name}}";
            paths[itemPath] = new JsonObject
            {
                ["get"] = Operation("read", kind, gvk, schemaName, []),
                ["put"] = Operation("replace", kind, gvk, schemaName, ["dryRun", "fieldManager", "fieldValidation"]),
                ["patch"] = Operation("patch", kind, gvk, schemaName, ["dryRun", "fieldManager", "fieldValidation", "force"]),
                ["delete"] = Operation("delete", kind, gvk, schemaName, ["dryRun", "gracePeriodSeconds", "propagationPolicy"]),
            };
            var collectionPath = kind.Namespaced
                ? $"{kind.GroupVersionPath}/namespaces/{{namespace}}/{kind.Plural}"
                : $"{kind.GroupVersionPath}/{kind.Plural}";
            paths[collectionPath] = new JsonObject
            {
                ["get"] = Operation("list", kind, gvk, schemaName, ["labelSelector", "fieldSelector", "limit", "continue", "watch", "resourceVersion", "timeoutSeconds"]),
                ["post"] = Operation("create", kind, gvk, schemaName, ["dryRun", "fieldManager", "fieldValidation"]),
            };
            schemas[schemaName] = new JsonObject
            {
                ["type"] = "object",
                ["x-kubernetes-preserve-unknown-fields"] = true,
                ["x-kubernetes-group-version-kind"] = new JsonArray(gvk.DeepClone()),
            };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Operation(string verb, ResourceKind kind, JsonObject gvk, string schemaName, string[] queryParameters)
    {
        var content = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" } } };
        return new JsonObject
        {
            ["operationId"] = verb + kind.Kind,
            ["parameters"] = new JsonArray([.. queryParameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p,
                ["in"] = "query",
                ["schema"] = new JsonObject { ["type"] = p is "force" or "watch" ? "boolean" : "string" },
                ["uniqueItems"] = true,
            })]),
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK", ["content"] = content } },
            ["x-kubernetes-action"] = verb,
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
        };
    }

    private static string SchemaName(ResourceKind kind)
    {
        var group = kind.Group.Length == 0 ? "io.k8s.api.core" : string.Join('.', kind.Group.Split('.').Reverse());
        return $"{group}.{kind.Version}.{kind.Kind}";
    }

    private static string GroupVersionPath(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static string Hash(KindRegistry kinds, string group, string version)
    {
        var signature = string.Join(';', kinds.All.Where(k => k.Group == group && k.Version == version).Select(k => $"{k.Kind}/{k.Plural}/{k.Namespaced}"));
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(signature));
        return Convert.ToHexString(hash, 0, 16).ToLower(CultureInfo.InvariantCulture);
    }
}
