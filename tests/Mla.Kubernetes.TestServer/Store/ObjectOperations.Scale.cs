using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Hosting;
using Mla.Kubernetes.TestServer.Patching;
using Mla.Kubernetes.TestServer.Resources;
using Mla.Kubernetes.TestServer.Selectors;

namespace Mla.Kubernetes.TestServer.Store;

public sealed partial class ObjectOperations
{
    /// <summary>GET …/scale: the autoscaling/v1 Scale view of a Deployment, StatefulSet or ReplicaSet.</summary>
    public JsonObject GetScale(ResourceKind kind, string? ns, string name)
    {
        lock (store.Gate)
        {
            return ScaleOf(store.Find(Key(kind, ns, name)) ?? throw ApiErrors.NotFound(kind, name));
        }
    }

    /// <summary>PUT or PATCH …/scale: only <c>spec.replicas</c> of the result is written back.</summary>
    public JsonObject UpdateScale(ResourceKind kind, string? ns, string name, PatchKind? patchKind, JsonNode body, WriteOptions options)
    {
        lock (store.Gate)
        {
            var key = Key(kind, ns, name);
            var old = store.Find(key) ?? throw ApiErrors.NotFound(kind, name);
            var scale = ScaleOf(old);
            JsonNode? changed;
            try
            {
                changed = patchKind switch
                {
                    null => body,
                    PatchKind.Json => JsonPatch.Apply(scale, body as JsonArray ?? throw ApiErrors.BadRequest("a JSON patch must be an array of operations")),
                    PatchKind.StrategicMerge or PatchKind.Merge => JsonMergePatch.Apply(scale, body),
                    _ => throw ApiErrors.UnsupportedMediaType("apply is not supported on the scale subresource of this test server"),
                };
            }
            catch (PatchException e)
            {
                throw new ApiException(422, ApiErrors.Status(422, "Invalid", e.Message));
            }
            if (Json.Str(changed, "metadata", "resourceVersion") is { Length: > 0 } rv && rv != Json.Str(old, "metadata", "resourceVersion"))
            {
                throw ApiErrors.Conflict(kind, name);
            }
            var replicas = Json.Number(changed, "spec", "replicas") ?? 0;
            var updated = Json.Clone(old);
            ((JsonObject)(updated["spec"] ??= new JsonObject()))["replicas"] = replicas;
            return ScaleOf(UpdateLocked(kind, key, old, updated, options, null, recordManager: true));
        }
    }

    private static JsonObject ScaleOf(JsonObject obj)
    {
        var selector = ObjectLabelSelector.From(Json.At(obj, "spec", "selector"));
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = Json.Name(obj),
                ["namespace"] = Json.Namespace(obj),
                ["uid"] = Json.Uid(obj),
                ["resourceVersion"] = Json.Str(obj, "metadata", "resourceVersion"),
                ["creationTimestamp"] = Json.Str(obj, "metadata", "creationTimestamp"),
            },
            ["spec"] = new JsonObject { ["replicas"] = Json.Number(obj, "spec", "replicas") ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = Json.Number(obj, "status", "replicas") ?? 0,
                ["selector"] = string.Join(',', selector.Requirements.Select(r => $"{r.Key}={string.Join(',', r.Values)}")),
            },
        };
    }
}
