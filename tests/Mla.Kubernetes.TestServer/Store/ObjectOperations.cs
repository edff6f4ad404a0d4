using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Hosting;
using Mla.Kubernetes.TestServer.Resources;
using Mla.Kubernetes.TestServer.Selectors;

namespace Mla.Kubernetes.TestServer.Store;

/// <summary>
/// The API semantics of one server over its <see cref="ObjectStore"/> (https://kubernetes.io/docs/reference/using-api/api-concepts/): reads, create, update,
/// patch, delete with finalizers and garbage collection, namespaces. Every method takes the store's lock, so each
/// request is atomic. Split by verb across the partial files.
/// </summary>
public sealed partial class ObjectOperations(KindRegistry kinds, ObjectStore store, TimeProvider clock)
{
    public KindRegistry Kinds => kinds;

    public ObjectStore Store => store;

    public DateTimeOffset Now => clock.GetUtcNow();

    public JsonObject? Get(ResourceKind kind, string? ns, string name)
    {
        lock (store.Gate)
        {
            var found = store.Find(Key(kind, ns, name));
            return found is null ? null : Present(kind, found, clone: true);
        }
    }

    /// <summary>The matching objects (as served under <paramref name="kind"/>) and the list's resourceVersion.</summary>
    public (IReadOnlyList<JsonObject> Items, long ResourceVersion) List(ResourceKind kind, string? ns, LabelSelector labels, FieldSelector fields)
    {
        lock (store.Gate)
        {
            var items = store.Scan(kind.Group, kind.Plural, ns)
                .Select(e => e.Value)
                .Where(o => labels.Matches(Json.Labels(o)) && fields.Matches(o))
                .Select(o => Present(kind, o, clone: true))
                .ToList();
            return (items, store.ResourceVersion);
        }
    }

    /// <summary>The object as served under <paramref name="kind"/>'s version (a copy when it must differ or when asked).</summary>
    public static JsonObject Present(ResourceKind kind, JsonObject stored, bool clone)
    {
        if (Json.Str(stored, "apiVersion") == kind.ApiVersion && !clone)
        {
            return stored;
        }
        var copy = Json.Clone(stored);
        copy["apiVersion"] = kind.ApiVersion;
        return copy;
    }

    public static StoreKey Key(ResourceKind kind, string? ns, string name) =>
        new(kind.Group, kind.Plural, kind.Namespaced ? ns ?? "" : "", name);

    /// <summary>Fills a missing apiVersion/kind; refuses a body of another type (400, as the API server's decoder does).</summary>
    private static void CheckTypeMeta(ResourceKind kind, JsonObject obj)
    {
        var apiVersion = Json.Str(obj, "apiVersion");
        var objKind = Json.Str(obj, "kind");
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != kind.ApiVersion)
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({kind.ApiVersion})");
        }
        if (!string.IsNullOrEmpty(objKind) && objKind != kind.Kind)
        {
            throw ApiErrors.BadRequest($"the kind in the data ({objKind}) does not match the expected kind ({kind.Kind})");
        }
        obj["apiVersion"] = kind.ApiVersion;
        obj["kind"] = kind.Kind;
    }

    /// <summary>Reconciles the namespace of the URL and of the body (400 when they differ).</summary>
    private static string NamespaceFor(ResourceKind kind, string? urlNamespace, JsonObject obj)
    {
        var meta = Json.Meta(obj);
        if (!kind.Namespaced)
        {
            meta.Remove("namespace");
            return "";
        }
        var bodyNamespace = Json.Str(meta, "namespace");
        if (!string.IsNullOrEmpty(bodyNamespace) && !string.IsNullOrEmpty(urlNamespace) && bodyNamespace != urlNamespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        var ns = string.IsNullOrEmpty(urlNamespace) ? bodyNamespace : urlNamespace;
        if (string.IsNullOrEmpty(ns))
        {
            throw ApiErrors.BadRequest("the namespace of the object is required");
        }
        meta["namespace"] = ns;
        return ns;
    }

    private static void CheckName(string urlName, JsonObject obj)
    {
        var meta = Json.Meta(obj);
        var bodyName = Json.Str(meta, "name");
        if (string.IsNullOrEmpty(bodyName))
        {
            meta["name"] = urlName;
        }
        else if (bodyName != urlName)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({urlName})");
        }
    }

    private void CheckNamespaceWritable(ResourceKind kind, string ns, string name)
    {
        var nsObject = store.Find(new StoreKey("", "namespaces", "", ns));
        if (nsObject is null)
        {
            throw ApiErrors.NotFound($"namespaces \"{ns}\" not found");
        }
        if (Json.IsDeleting(nsObject))
        {
            var message = $"unable to create new content in namespace {ns} because it is being terminated";
            throw ApiErrors.Forbidden(kind, name, message, new FieldCause("NamespaceTerminating", message, "metadata.namespace"));
        }
    }

    private ResourceKind KindOf(StoreKey key) =>
        (kinds.Versions(key.Group, key.Plural) is [var first, ..] ? first : null)
        ?? throw new InvalidOperationException($"no kind serves {key.Plural}.{key.Group}");

    private static string GenerateSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return new string([.. Enumerable.Range(0, 5).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)])]);
    }
}
