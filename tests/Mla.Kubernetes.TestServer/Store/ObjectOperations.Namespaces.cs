using System.Globalization;
using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Hosting;
using Mla.Kubernetes.TestServer.Resources;

namespace Mla.Kubernetes.TestServer.Store;

public sealed partial class ObjectOperations
{
    private JsonObject BeginNamespaceDeletionLocked(ResourceKind kind, StoreKey key, JsonObject old, bool dryRun)
    {
        if (ProtectedNamespaces.Contains(key.Name))
        {
            throw ApiErrors.Forbidden(kind, key.Name, "this namespace may not be deleted");
        }
        if (Json.IsDeleting(old) || dryRun)
        {
            return Present(kind, old, clone: true);
        }
        var terminating = Json.Clone(old);
        Json.Meta(terminating)["deletionTimestamp"] = Json.Timestamp(Now);
        Json.Meta(terminating)["deletionGracePeriodSeconds"] = 0;
        terminating["status"] = new JsonObject { ["phase"] = "Terminating" };
        var rv = store.NextResourceVersion();
        Json.Meta(terminating)["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        store.Put(key, terminating, old, rv);
        return Present(kind, terminating, clone: true);
    }

    /// <summary>PUT /api/v1/namespaces/{n}/finalize: replaces spec.finalizers; a terminating namespace with none left goes.</summary>
    public JsonObject FinalizeNamespace(string name, JsonObject body)
    {
        var kind = kinds.Find("", "v1", "namespaces")!;
        lock (store.Gate)
        {
            var key = Key(kind, null, name);
            var old = store.Find(key) ?? throw ApiErrors.NotFound(kind, name);
            return FinalizeNamespaceLocked(kind, key, old, Json.At(body, "spec", "finalizers")?.DeepClone() as JsonArray ?? []);
        }
    }

    private JsonObject FinalizeNamespaceLocked(ResourceKind kind, StoreKey key, JsonObject old, JsonArray finalizers)
    {
        var finalized = Json.Clone(old);
        var spec = finalized["spec"] as JsonObject ?? [];
        finalized["spec"] = spec;
        if (finalizers.Count == 0)
        {
            spec.Remove("finalizers");
        }
        else
        {
            spec["finalizers"] = finalizers;
        }
        var rv = store.NextResourceVersion();
        Json.Meta(finalized)["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        if (Json.IsDeleting(finalized) && finalizers.Count == 0 && Json.Finalizers(finalized).Count == 0)
        {
            store.Remove(key, finalized, old, rv);
        }
        else
        {
            store.Put(key, finalized, old, rv);
        }
        return Present(kind, finalized, clone: true);
    }

    /// <summary>
    /// The namespace controller, one pass: for every terminating namespace, delete its content; once nothing is left,
    /// drop the <c>kubernetes</c> finalizer, which removes the namespace when no other finalizer holds it.
    /// </summary>
    public void ReconcileNamespaces()
    {
        var kind = kinds.Find("", "v1", "namespaces")!;
        lock (store.Gate)
        {
            foreach (var (key, ns) in store.Scan("", "namespaces", null).Where(e => Json.IsDeleting(e.Value)).ToList())
            {
                var content = store.ScanAll().Where(e => e.Key.Namespace == key.Name && !(e.Key.Group.Length == 0 && e.Key.Plural == "namespaces")).ToList();
                foreach (var (objectKey, obj) in content.Where(e => !Json.IsDeleting(e.Value)))
                {
                    if (store.Find(objectKey) is { } current && kinds.Versions(objectKey.Group, objectKey.Plural).Count > 0)
                    {
                        DeleteLocked(KindOf(objectKey), objectKey, current, DeleteOptions.Default);
                    }
                }
                var remaining = store.ScanAll().Any(e => e.Key.Namespace == key.Name && !(e.Key.Group.Length == 0 && e.Key.Plural == "namespaces"));
                var specFinalizers = Json.Strings(Json.At(ns, "spec", "finalizers"));
                if (!remaining && specFinalizers.Contains("kubernetes"))
                {
                    FinalizeNamespaceLocked(kind, key, store.Find(key)!, [.. specFinalizers.Where(f => f != "kubernetes").Select(f => (JsonNode)f)]);
                }
            }
        }
    }
}
