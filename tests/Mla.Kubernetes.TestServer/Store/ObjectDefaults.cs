using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Resources;

namespace Mla.Kubernetes.TestServer.Store;

/// <summary>
/// The server-side defaults that clients rely on (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy): replicas 1, RollingUpdate strategies with
/// partition 0, namespace finalizer and phase, Service type and cluster IP, Secret type.
/// </summary>
public static class ObjectDefaults
{
    public static void Apply(ResourceKind kind, JsonObject obj, bool isCreate)
    {
        if (kind.IsCustom)
        {
            return;
        }
        var spec = obj["spec"] as JsonObject;
        switch (kind.Group, kind.Kind)
        {
            case ("", "Namespace"):
                spec ??= Set(obj, "spec");
                if (isCreate)
                {
                    // The namespace strategy always adds the "kubernetes" finalizer on create.
                    var finalizers = spec["finalizers"] as JsonArray ?? [];
                    if (!finalizers.Any(f => f?.ToString() == "kubernetes"))
                    {
                        finalizers.Insert(0, "kubernetes");
                    }
                    spec["finalizers"] = finalizers;
                    obj["status"] = new JsonObject { ["phase"] = "Active" };
                }
                break;
            case ("", "Secret"):
                if (string.IsNullOrEmpty(obj["type"]?.ToString()))
                {
                    obj["type"] = "Opaque";
                }
                break;
            case ("", "Service"):
                spec ??= Set(obj, "spec");
                spec["type"] ??= "ClusterIP";
                spec["sessionAffinity"] ??= "None";
                if (spec["clusterIP"] is null && spec["type"]?.ToString() != "ExternalName")
                {
                    var hash = (uint)Json.Uid(obj).GetHashCode(StringComparison.Ordinal);
                    var ip = $"10.96.{(hash >> 8) & 0xff}.{(hash & 0xfe) + 1}";
                    spec["clusterIP"] = ip;
                    spec["clusterIPs"] = new JsonArray(ip);
                }
                if (spec["ports"] is JsonArray ports)
                {
                    foreach (var port in ports.OfType<JsonObject>())
                    {
                        port["protocol"] ??= "TCP";
                        port["targetPort"] ??= port["port"]?.DeepClone();
                    }
                }
                break;
            case ("", "Pod") when isCreate && obj["status"] is null:
                obj["status"] = new JsonObject { ["phase"] = "Pending" };
                break;
            case ("apps", "Deployment"):
                spec ??= Set(obj, "spec");
                spec["replicas"] ??= 1;
                spec["strategy"] ??= new JsonObject
                {
                    ["type"] = "RollingUpdate",
                    ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "25%", ["maxUnavailable"] = "25%" },
                };
                spec["revisionHistoryLimit"] ??= 10;
                spec["progressDeadlineSeconds"] ??= 600;
                break;
            case ("apps", "StatefulSet"):
                spec ??= Set(obj, "spec");
                spec["replicas"] ??= 1;
                spec["podManagementPolicy"] ??= "OrderedReady";
                spec["revisionHistoryLimit"] ??= 10;
                spec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate" };
                if (spec["updateStrategy"] is JsonObject stsStrategy && stsStrategy["type"]?.ToString() == "RollingUpdate")
                {
                    stsStrategy["rollingUpdate"] ??= new JsonObject { ["partition"] = 0 };
                }
                break;
            case ("apps", "DaemonSet"):
                spec ??= Set(obj, "spec");
                spec["revisionHistoryLimit"] ??= 10;
                spec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate" };
                if (spec["updateStrategy"] is JsonObject dsStrategy && dsStrategy["type"]?.ToString() == "RollingUpdate")
                {
                    dsStrategy["rollingUpdate"] ??= new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = 0 };
                }
                break;
            case ("apps", "ReplicaSet"):
                spec ??= Set(obj, "spec");
                spec["replicas"] ??= 1;
                break;
            default:
                break;
        }
    }

    private static JsonObject Set(JsonObject obj, string field)
    {
        var value = new JsonObject();
        obj[field] = value;
        return value;
    }
}
