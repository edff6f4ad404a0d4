using System.Globalization;
using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Hosting;
using Mla.Kubernetes.TestServer.Resources;
using Mla.Kubernetes.TestServer.Validation;

namespace Mla.Kubernetes.TestServer.Store;

public sealed partial class ObjectOperations
{
    private static readonly string[] ServerOwnedMetadata = ["resourceVersion", "managedFields"];

    /// <summary>PUT (or PUT …/status when <paramref name="subresource"/> is "status").</summary>
    public JsonObject Update(ResourceKind kind, string? urlNamespace, string name, JsonObject body, WriteOptions options, string? subresource = null)
    {
        var obj = Json.Clone(body);
        CheckTypeMeta(kind, obj);
        CheckName(name, obj);
        var ns = NamespaceFor(kind, urlNamespace, obj);
        lock (store.Gate)
        {
            var key = Key(kind, ns, name);
            var old = store.Find(key) ?? throw ApiErrors.NotFound(kind, name);
            var rv = Json.Str(obj, "metadata", "resourceVersion");
            if (string.IsNullOrEmpty(rv))
            {
                if (kind.IsCustom)
                {
                    throw ApiErrors.Invalid(kind.GroupResource, name,
                        new FieldCause("FieldValueInvalid", "Invalid value: 0x0: must be specified for an update", "metadata.resourceVersion"));
                }
            }
            else if (rv != Json.Str(old, "metadata", "resourceVersion"))
            {
                throw ApiErrors.Conflict(kind, name);
            }
            return UpdateLocked(kind, key, old, obj, options, subresource, recordManager: true);
        }
    }

    /// <summary>The write path shared by PUT, patches, apply and the controllers: system fields, status, generation,
    /// finalizers, validation, managed fields, no-op detection, deletion when the last finalizer goes.</summary>
    internal JsonObject UpdateLocked(ResourceKind kind, StoreKey key, JsonObject old, JsonObject candidate, WriteOptions options, string? subresource, bool recordManager)
    {
        var name = key.Name;
        var oldMeta = Json.Meta(old);
        if (subresource == "status" && kind.HasStatus)
        {
            var statusOnly = Json.Clone(old);
            if (candidate["status"] is { } status)
            {
                statusOnly["status"] = status.DeepClone();
            }
            else
            {
                statusOnly.Remove("status");
            }
            if (Json.At(candidate, "metadata", "managedFields") is { } candidateManaged)
            {
                Json.Meta(statusOnly)["managedFields"] = candidateManaged.DeepClone();
            }
            candidate = statusOnly;
        }
        else if (kind.HasStatus)
        {
            if (old["status"] is { } oldStatus)
            {
                candidate["status"] = oldStatus.DeepClone();
            }
            else
            {
                candidate.Remove("status");
            }
        }
        var meta = Json.Meta(candidate);
        var causes = new List<FieldCause>();
        var oldUid = Json.Str(oldMeta, "uid");
        if (Json.Str(meta, "uid") is { Length: > 0 } uid && uid != oldUid)
        {
            causes.Add(FieldCause.Invalid("metadata.uid", $"\"{uid}\"", "field is immutable"));
        }
        meta["uid"] = oldUid;
        meta["name"] = name;
        if (kind.Namespaced)
        {
            meta["namespace"] = key.Namespace;
        }
        meta["creationTimestamp"] = oldMeta["creationTimestamp"]?.DeepClone();
        if (oldMeta["generation"] is { } generation)
        {
            meta["generation"] = generation.DeepClone();
        }
        else
        {
            meta.Remove("generation");
        }
        if (Json.IsDeleting(old))
        {
            meta["deletionTimestamp"] = oldMeta["deletionTimestamp"]?.DeepClone();
            meta["deletionGracePeriodSeconds"] = oldMeta["deletionGracePeriodSeconds"]?.DeepClone();
            var added = Json.Finalizers(candidate).Except(Json.Finalizers(old)).ToList();
            if (added.Count > 0)
            {
                causes.Add(FieldCause.Forbidden("metadata.finalizers",
                    "no new finalizers can be added if the object is being deleted, found new finalizers []string{" + string.Join(", ", added.Select(f => $"\"{f}\"")) + "}"));
            }
        }
        else if (meta["deletionTimestamp"] is { } deletionTimestamp)
        {
            causes.Add(FieldCause.Invalid("metadata.deletionTimestamp", deletionTimestamp.ToJsonString(), "field is immutable"));
        }
        if (meta["managedFields"] is null && oldMeta["managedFields"] is { } oldManaged)
        {
            meta["managedFields"] = oldManaged.DeepClone();
        }
        if (kind.HasGeneration && SpecChanged(kind, old, candidate))
        {
            meta["generation"] = (Json.Number(oldMeta, "generation") ?? 0) + 1;
        }
        ObjectDefaults.Apply(kind, candidate, isCreate: false);
        if (subresource != "status")
        {
            causes.AddRange(ObjectValidator.Validate(kind, candidate));
            if (CustomResourceDefinitions.IsCrd(kind))
            {
                causes.AddRange(CustomResourceDefinitions.Validate(candidate));
            }
        }
        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(kind, name, causes);
        }
        var now = Now;
        if (CustomResourceDefinitions.IsCrd(kind))
        {
            CustomResourceDefinitions.SetStatus(candidate, now);
        }
        if (recordManager)
        {
            candidate = ManagedFields.RecordUpdate(old, candidate, options.Manager, kind, now, subresource);
        }
        if (JsonNode.DeepEquals(Json.Without(old, [], ServerOwnedMetadata), Json.Without(candidate, [], ServerOwnedMetadata)))
        {
            return Present(kind, old, clone: true);
        }
        Json.Meta(candidate)["resourceVersion"] = oldMeta["resourceVersion"]?.DeepClone();
        if (options.DryRun)
        {
            return Present(kind, candidate, clone: true);
        }
        var rv = store.NextResourceVersion();
        Json.Meta(candidate)["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        if (Json.IsDeleting(candidate) && Json.Finalizers(candidate).Count == 0 && !IsNamespaceWaitingForContent(kind, candidate))
        {
            store.Remove(key, candidate, old, rv);
            OnRemoved(kind, key, candidate);
            return Present(kind, candidate, clone: true);
        }
        store.Put(key, candidate, old, rv);
        if (CustomResourceDefinitions.IsCrd(kind))
        {
            kinds.RegisterCustom(name, CustomResourceDefinitions.Kinds(candidate));
        }
        return Present(kind, candidate, clone: true);
    }

    /// <summary>Built-ins bump generation on spec changes; custom resources on any change outside metadata and status.</summary>
    private static bool SpecChanged(ResourceKind kind, JsonObject old, JsonObject candidate)
    {
        if (kind.IsCustom)
        {
            return !JsonNode.DeepEquals(Json.Without(old, ["metadata", "status"], []), Json.Without(candidate, ["metadata", "status"], []));
        }
        // A Deployment also counts its annotations (deployment strategy's PrepareForUpdate).
        return !JsonNode.DeepEquals(old["spec"], candidate["spec"])
            || (kind is { Group: "apps", Kind: "Deployment" } && !JsonNode.DeepEquals(Json.At(old, "metadata", "annotations"), Json.At(candidate, "metadata", "annotations")));
    }

    /// <summary>A terminating namespace goes only when its spec.finalizers are empty too.</summary>
    private static bool IsNamespaceWaitingForContent(ResourceKind kind, JsonObject candidate) =>
        kind is { Group: "", Kind: "Namespace" } && Json.Strings(Json.At(candidate, "spec", "finalizers")).Count > 0;
}
