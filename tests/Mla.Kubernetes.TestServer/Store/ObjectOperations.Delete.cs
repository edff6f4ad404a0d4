using System.Globalization;
using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Hosting;
using Mla.Kubernetes.TestServer.Resources;

namespace Mla.Kubernetes.TestServer.Store;

public sealed partial class ObjectOperations
{
    /// <summary>Kinds whose DELETE answers with the object instead of a Success status (the apiserver's registry stores of these kinds return the deleted object, k8s.io/apiserver handlers/delete.go; most kinds answer a Status).</summary>
    private static readonly HashSet<string> ObjectReturningDeletes = ["pods", "namespaces", "serviceaccounts", "storageclasses.storage.k8s.io"];

    public static readonly IReadOnlyList<string> ProtectedNamespaces = ["default", "kube-system", "kube-public"];

    public DeleteOutcome Delete(ResourceKind kind, string? ns, string name, DeleteOptions options)
    {
        lock (store.Gate)
        {
            var key = Key(kind, ns, name);
            var old = store.Find(key) ?? throw ApiErrors.NotFound(kind, name);
            if (options.PreconditionUid is { Length: > 0 } uid && uid != Json.Uid(old))
            {
                throw ApiErrors.Conflict(kind, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {Json.Uid(old)}");
            }
            if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != Json.Str(old, "metadata", "resourceVersion"))
            {
                throw ApiErrors.Conflict(kind, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {Json.Str(old, "metadata", "resourceVersion")}");
            }
            if (kind is { Group: "", Kind: "Namespace" })
            {
                return new DeleteOutcome(BeginNamespaceDeletionLocked(kind, key, old, options.DryRun), false);
            }
            return DeleteLocked(kind, key, old, options);
        }
    }

    internal DeleteOutcome DeleteLocked(ResourceKind kind, StoreKey key, JsonObject old, DeleteOptions options)
    {
        var policy = options.PropagationPolicy ?? "Background";
        if (options.DryRun)
        {
            return new DeleteOutcome(Json.Finalizers(old).Count > 0 || ObjectReturningDeletes.Contains(kind.GroupResource) ? Present(kind, old, clone: true) : Success(kind, old), false);
        }
        if (policy == "Orphan")
        {
            OrphanDependentsLocked(Json.Uid(old));
        }
        else if (policy == "Foreground")
        {
            DeleteDependentsLocked(Json.Uid(old));
        }
        if (Json.Finalizers(old).Count > 0)
        {
            if (Json.IsDeleting(old))
            {
                return new DeleteOutcome(Present(kind, old, clone: true), false);
            }
            var marked = Json.Clone(old);
            var meta = Json.Meta(marked);
            meta["deletionTimestamp"] = Json.Timestamp(Now);
            meta["deletionGracePeriodSeconds"] = 0;
            if (kind.HasGeneration && Json.Number(meta, "generation") is > 0 and var generation)
            {
                meta["generation"] = generation + 1;
            }
            var rv = store.NextResourceVersion();
            meta["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            store.Put(key, marked, old, rv);
            return new DeleteOutcome(Present(kind, marked, clone: true), false);
        }
        var final = RemoveLocked(kind, key, old);
        return new DeleteOutcome(ObjectReturningDeletes.Contains(kind.GroupResource) ? Present(kind, final, clone: true) : Success(kind, final), true);
    }

    private JsonObject RemoveLocked(ResourceKind kind, StoreKey key, JsonObject old)
    {
        var final = Json.Clone(old);
        var rv = store.NextResourceVersion();
        Json.Meta(final)["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        store.Remove(key, final, old, rv);
        OnRemoved(kind, key, final);
        return final;
    }

    /// <summary>What follows an object's removal: the garbage collector's deletion of dependents; a CRD's kind and objects go.</summary>
    private void OnRemoved(ResourceKind kind, StoreKey key, JsonObject final)
    {
        DeleteDependentsLocked(Json.Uid(final));
        if (CustomResourceDefinitions.IsCrd(kind))
        {
            var group = Json.Str(final, "spec", "group") ?? "";
            var plural = Json.Str(final, "spec", "names", "plural") ?? "";
            foreach (var (objectKey, obj) in store.ScanAll().Where(e => e.Key.Group == group && e.Key.Plural == plural).ToList())
            {
                RemoveLocked(KindOf(objectKey), objectKey, obj);
            }
            kinds.UnregisterCustom(key.Name);
        }
    }

    /// <summary>Acts as the garbage collector: objects whose ownerReferences name <paramref name="ownerUid"/> are deleted.</summary>
    private void DeleteDependentsLocked(string ownerUid)
    {
        foreach (var (key, dependent) in Dependents(ownerUid))
        {
            if (store.Find(key) is { } current && !Json.IsDeleting(current))
            {
                DeleteLocked(KindOf(key), key, current, DeleteOptions.Default);
            }
        }
    }

    private void OrphanDependentsLocked(string ownerUid)
    {
        foreach (var (key, dependent) in Dependents(ownerUid))
        {
            var orphan = Json.Clone(dependent);
            var references = (JsonArray)Json.At(orphan, "metadata", "ownerReferences")!;
            foreach (var reference in references.Where(r => Json.Str(r, "uid") == ownerUid).ToList())
            {
                references.Remove(reference);
            }
            UpdateLocked(KindOf(key), key, dependent, orphan, new WriteOptions("kube-controller-manager"), null, recordManager: false);
        }
    }

    private List<KeyValuePair<StoreKey, JsonObject>> Dependents(string ownerUid) =>
        ownerUid.Length == 0
            ? []
            : [.. store.ScanAll().Where(e => Json.At(e.Value, "metadata", "ownerReferences") is JsonArray refs && refs.Any(r => Json.Str(r, "uid") == ownerUid))];

    private static JsonObject Success(ResourceKind kind, JsonObject deleted)
    {
        var details = ApiErrors.Details(kind, Json.Name(deleted));
        details["uid"] = Json.Uid(deleted);
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }
}
