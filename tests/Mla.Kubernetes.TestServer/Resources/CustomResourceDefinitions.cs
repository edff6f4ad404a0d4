using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Hosting;
using Mla.Kubernetes.TestServer.Store;

namespace Mla.Kubernetes.TestServer.Resources;

/// <summary>What an applied CustomResourceDefinition means to the server: its kinds, its checks and the status it gets.</summary>
public static class CustomResourceDefinitions
{
    public static bool IsCrd(ResourceKind kind) => kind is { Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition" };

    public static IReadOnlyList<FieldCause> Validate(JsonObject crd)
    {
        var causes = new List<FieldCause>();
        var group = Json.Str(crd, "spec", "group") ?? "";
        var plural = Json.Str(crd, "spec", "names", "plural") ?? "";
        if (group.Length == 0)
        {
            causes.Add(FieldCause.Required("spec.group"));
        }
        if (plural.Length == 0)
        {
            causes.Add(FieldCause.Required("spec.names.plural"));
        }
        if (string.IsNullOrEmpty(Json.Str(crd, "spec", "names", "kind")))
        {
            causes.Add(FieldCause.Required("spec.names.kind"));
        }
        if (Json.Str(crd, "spec", "scope") is not ("Namespaced" or "Cluster"))
        {
            causes.Add(FieldCause.Invalid("spec.scope", "\"" + Json.Str(crd, "spec", "scope") + "\"", "should be either Cluster or Namespaced"));
        }
        var versions = Json.At(crd, "spec", "versions") as JsonArray;
        if (versions is null || versions.Count == 0)
        {
            causes.Add(FieldCause.Required("spec.versions", "must have exactly one version marked as storage version"));
        }
        else if (versions.Count(v => Json.Flag(v, "storage")) != 1)
        {
            causes.Add(FieldCause.Invalid("spec.versions", "[]", "must have exactly one version marked as storage version"));
        }
        if (group.Length > 0 && plural.Length > 0 && Json.Name(crd) != $"{plural}.{group}")
        {
            causes.Add(FieldCause.Invalid("metadata.name", "\"" + Json.Name(crd) + "\"", "must be spec.names.plural+\".\"+spec.group"));
        }
        return causes;
    }

    /// <summary>One kind per served version.</summary>
    public static IReadOnlyList<ResourceKind> Kinds(JsonObject crd)
    {
        var group = Json.Str(crd, "spec", "group") ?? "";
        var names = Json.At(crd, "spec", "names");
        var kind = Json.Str(names, "kind") ?? "";
        var plural = Json.Str(names, "plural") ?? "";
        var singular = Json.Str(names, "singular") ?? kind.ToLowerInvariant();
        var namespaced = Json.Str(crd, "spec", "scope") == "Namespaced";
        var shortNames = Json.Strings(Json.At(names, "shortNames"));
        var categories = Json.Strings(Json.At(names, "categories"));
        var kinds = new List<ResourceKind>();
        foreach (var version in (Json.At(crd, "spec", "versions") as JsonArray ?? []).OfType<JsonObject>())
        {
            if (!Json.Flag(version, "served"))
            {
                continue;
            }
            var selectable = (Json.At(version, "selectableFields") as JsonArray ?? [])
                .Select(f => (Json.Str(f, "jsonPath") ?? "").TrimStart('.')).Where(f => f.Length > 0).ToList();
            kinds.Add(new ResourceKind(group, Json.Str(version, "name") ?? "", kind, plural, singular, namespaced, shortNames, categories,
                HasStatus: Json.At(version, "subresources", "status") is not null, IsCustom: true, ExtraFieldSelectors: selectable));
        }
        return kinds;
    }

    /// <summary>The status the apiextensions controllers would write: names accepted, established, stored versions.</summary>
    public static void SetStatus(JsonObject crd, DateTimeOffset now)
    {
        var names = (Json.At(crd, "spec", "names") as JsonObject)?.DeepClone() as JsonObject ?? [];
        var kind = Json.Str(names, "kind") ?? "";
        names["singular"] ??= kind.ToLowerInvariant();
        names["listKind"] ??= kind + "List";
        var storage = (Json.At(crd, "spec", "versions") as JsonArray ?? [])
            .FirstOrDefault(v => Json.Flag(v, "storage"));
        var time = Json.Timestamp(now);
        var previous = Json.Strings(Json.At(crd, "status", "storedVersions"));
        var stored = previous.Append(Json.Str(storage, "name") ?? "").Where(v => v.Length > 0).Distinct();
        crd["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["lastTransitionTime"] = time, ["reason"] = "NoConflicts", ["message"] = "no conflicts found" },
                new JsonObject { ["type"] = "Established", ["status"] = "True", ["lastTransitionTime"] = time, ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted" }),
            ["acceptedNames"] = names,
            ["storedVersions"] = new JsonArray([.. stored.Select(v => (JsonNode)v)]),
        };
    }
}
