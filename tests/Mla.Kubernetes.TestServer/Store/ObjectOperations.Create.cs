using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Hosting;
using Mla.Kubernetes.TestServer.Resources;
using Mla.Kubernetes.TestServer.Validation;

namespace Mla.Kubernetes.TestServer.Store;

public sealed partial class ObjectOperations
{
    /// <summary>POST: creates the object (201) or fails with AlreadyExists, Invalid, NotFound/Forbidden for its namespace.</summary>
    public JsonObject Create(ResourceKind kind, string? urlNamespace, JsonObject body, WriteOptions options)
    {
        var obj = Json.Clone(body);
        CheckTypeMeta(kind, obj);
        NamespaceFor(kind, urlNamespace, obj);
        lock (store.Gate)
        {
            return CreateLocked(kind, obj, options, managedFieldsRecorded: false, keepStatus: false);
        }
    }

    internal JsonObject CreateLocked(ResourceKind kind, JsonObject obj, WriteOptions options, bool managedFieldsRecorded, bool keepStatus)
    {
        var meta = Json.Meta(obj);
        var ns = kind.Namespaced ? Json.Str(meta, "namespace") ?? "" : "";
        if (string.IsNullOrEmpty(Json.Str(meta, "name")) && Json.Str(meta, "generateName") is { Length: > 0 } prefix)
        {
            string candidate;
            do
            {
                candidate = prefix + GenerateSuffix();
            }
            while (store.Find(Key(kind, ns, candidate)) is not null);
            meta["name"] = candidate;
        }
        var name = Json.Name(obj);
        var causes = ObjectValidator.Validate(kind, obj).ToList();
        if (CustomResourceDefinitions.IsCrd(kind))
        {
            causes.AddRange(CustomResourceDefinitions.Validate(obj));
        }
        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(kind, name, causes);
        }
        if (kind.Namespaced)
        {
            CheckNamespaceWritable(kind, ns, name);
        }
        var key = Key(kind, ns, name);
        if (store.Find(key) is not null)
        {
            throw ApiErrors.AlreadyExists(kind, name);
        }
        var now = Now;
        foreach (var field in new[] { "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink" })
        {
            meta.Remove(field);
        }
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Json.Timestamp(now);
        if (kind.HasGeneration)
        {
            meta["generation"] = 1;
        }
        else
        {
            meta.Remove("generation");
        }
        if (kind.HasStatus && !keepStatus)
        {
            obj.Remove("status");
        }
        ObjectDefaults.Apply(kind, obj, isCreate: true);
        if (CustomResourceDefinitions.IsCrd(kind))
        {
            CustomResourceDefinitions.SetStatus(obj, now);
        }
        if (!managedFieldsRecorded)
        {
            obj = ManagedFields.RecordUpdate(null, obj, options.Manager, kind, now, null);
        }
        if (options.DryRun)
        {
            return Present(kind, obj, clone: true);
        }
        var rv = store.NextResourceVersion();
        Json.Meta(obj)["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
        store.Put(key, obj, null, rv);
        if (CustomResourceDefinitions.IsCrd(kind))
        {
            kinds.RegisterCustom(name, CustomResourceDefinitions.Kinds(obj));
        }
        return Present(kind, obj, clone: true);
    }
}
