using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Hosting;
using Mla.Kubernetes.TestServer.Patching;
using Mla.Kubernetes.TestServer.Resources;

namespace Mla.Kubernetes.TestServer.Store;

public sealed partial class ObjectOperations
{
    /// <summary>PATCH of any kind; <c>Created</c> is true when an apply created the object (201).</summary>
    public (JsonObject Object, bool Created) Patch(ResourceKind kind, string? ns, string name, PatchKind patchKind, JsonNode patch, WriteOptions options, string? subresource = null)
    {
        if (patchKind == PatchKind.StrategicMerge && kind.IsCustom)
        {
            throw ApiErrors.UnsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }
        if (patchKind != PatchKind.Apply && options.Force)
        {
            throw ApiErrors.Invalid("PatchOptions.meta.k8s.io", "", FieldCause.Forbidden("force", "may not be specified for non-apply patch"));
        }
        if (patchKind == PatchKind.Apply)
        {
            return Apply(kind, ns, name, patch as JsonObject ?? throw ApiErrors.BadRequest("an apply patch must be an object"), options, subresource);
        }
        lock (store.Gate)
        {
            var key = Key(kind, ns, name);
            var old = store.Find(key) ?? throw ApiErrors.NotFound(kind, name);
            JsonNode? patched;
            try
            {
                patched = patchKind switch
                {
                    PatchKind.Merge => JsonMergePatch.Apply(old.DeepClone(), patch),
                    PatchKind.Json => JsonPatch.Apply(old.DeepClone(), patch as JsonArray ?? throw ApiErrors.BadRequest("a JSON patch must be an array of operations")),
                    _ => StrategicMergePatch.Apply(old.DeepClone(), patch, kind.Kind),
                };
            }
            catch (PatchException e)
            {
                throw new ApiException(422, ApiErrors.Status(422, "Invalid", e.Message));
            }
            if (patched is not JsonObject candidate)
            {
                throw ApiErrors.BadRequest("the patch did not produce an object");
            }
            var oldRv = Json.Str(old, "metadata", "resourceVersion");
            if (Json.Str(candidate, "metadata", "resourceVersion") is { Length: > 0 } rv && rv != oldRv)
            {
                throw ApiErrors.Conflict(kind, name);
            }
            CheckTypeMeta(kind, candidate);
            return (UpdateLocked(kind, key, old, candidate, options, subresource, recordManager: true), false);
        }
    }

    private (JsonObject Object, bool Created) Apply(ResourceKind kind, string? ns, string name, JsonObject applied, WriteOptions options, string? subresource)
    {
        if (string.IsNullOrEmpty(options.Manager))
        {
            throw ApiErrors.Invalid("PatchOptions.meta.k8s.io", "", FieldCause.Required("fieldManager", "is required for apply patch"));
        }
        if (Json.At(applied, "metadata", "managedFields") is not null)
        {
            throw ApiErrors.BadRequest("metadata.managedFields must be nil");
        }
        var body = Json.Clone(applied);
        CheckTypeMeta(kind, body);
        CheckName(name, body);
        NamespaceFor(kind, ns, body);
        lock (store.Gate)
        {
            var key = Key(kind, ns, name);
            var old = store.Find(key);
            if (old is not null && Json.Str(body, "metadata", "resourceVersion") is { Length: > 0 } rv && rv != Json.Str(old, "metadata", "resourceVersion"))
            {
                throw ApiErrors.Conflict(kind, name);
            }
            var result = ServerSideApply.Apply(old, body, options.Manager, options.Force, kind.ApiVersion, kind.Kind, Now, subresource);
            if (result.IsConflict && old is not null && options.Manager == "kubectl" && ConflictsAllowedByLastApplied(old, kind, result.Conflicts))
            {
                result = ServerSideApply.Apply(old, body, options.Manager, force: true, kind.ApiVersion, kind.Kind, Now, subresource);
            }
            if (result.IsConflict)
            {
                throw ApplyConflict(result);
            }
            var merged = result.Applied ?? throw new InvalidOperationException("apply returned neither an object nor conflicts");
            if (old is null)
            {
                if (subresource is not null)
                {
                    throw ApiErrors.NotFound(kind, name);
                }
                return (CreateLocked(kind, merged, options, managedFieldsRecorded: true, keepStatus: false), true);
            }
            Json.Meta(merged)["resourceVersion"] = Json.Str(old, "metadata", "resourceVersion");
            return (UpdateLocked(kind, key, old, merged, options, subresource, recordManager: false), false);
        }
    }

    /// <summary>
    /// The API server's last-applied manager: <c>kubectl apply --server-side</c> (manager "kubectl") may take over the
    /// fields that a client-side apply recorded in <c>kubectl.kubernetes.io/last-applied-configuration</c> without a conflict.
    /// </summary>
    private static bool ConflictsAllowedByLastApplied(JsonObject live, ResourceKind kind, IReadOnlyList<Patching.ApplyConflict> conflicts)
    {
        if (Json.Str(live, "metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration") is not { Length: > 0 } text)
        {
            return false;
        }
        JsonObject lastApplied;
        try
        {
            lastApplied = Json.ParseObject(text);
        }
        catch (ApiException)
        {
            return false;
        }
        var allowed = ObjectFields.OfApplied(lastApplied, kind.Kind).Sorted().Select(FieldPathElement.Describe).ToHashSet(StringComparer.Ordinal);
        return conflicts.All(c => allowed.Contains(c.Path));
    }

    private static ApiException ApplyConflict(ApplyResult result)
    {
        var causes = result.Conflicts.Select(c => new FieldCause("FieldManagerConflict",
            $"conflict with \"{c.Manager}\"" + (c.Subresource is { Length: > 0 } s ? $" with subresource \"{s}\"" : "") + (c.ApiVersion is { Length: > 0 } v ? $" using {v}" : ""),
            c.Path));
        var status = ApiErrors.Status(409, "Conflict", result.ConflictMessage, new JsonObject { ["causes"] = ApiErrors.Causes(causes) });
        return new ApiException(409, status);
    }
}
