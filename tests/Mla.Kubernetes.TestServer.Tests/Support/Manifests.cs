using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Tests.Support;

/// <summary>Small objects for tests.</summary>
public static class Manifests
{
    public static JsonObject Namespace(string name) =>
        new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };

    public static JsonObject ConfigMap(string name, string ns, JsonObject? labels = null, string value = "1") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels ?? [] },
        ["data"] = new JsonObject { ["value"] = value },
    };

    public static JsonObject Deployment(string name, string ns, string image, int replicas = 1) => Workload("Deployment", name, ns, image, replicas);

    public static JsonObject Workload(string kind, string name, string ns, string image, int? replicas = 1)
    {
        var spec = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = image }) },
            },
        };
        if (replicas is { } r && kind != "DaemonSet")
        {
            spec["replicas"] = r;
        }
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }

    /// <summary>A CRD of group <c>example.mla.io</c>: kind Widget (widgets, short name wd), status subresource, selectable field spec.color.</summary>
    public static JsonObject WidgetCrd(string scope = "Namespaced") => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = "widgets.example.mla.io" },
        ["spec"] = new JsonObject
        {
            ["group"] = "example.mla.io",
            ["scope"] = scope,
            ["names"] = new JsonObject
            {
                ["plural"] = "widgets",
                ["singular"] = "widget",
                ["kind"] = "Widget",
                ["shortNames"] = new JsonArray("wd"),
                ["categories"] = new JsonArray("mla"),
            },
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = "v1",
                ["served"] = true,
                ["storage"] = true,
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true } },
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                ["selectableFields"] = new JsonArray(new JsonObject { ["jsonPath"] = ".spec.color" }),
            }),
        },
    };

    public static JsonObject Widget(string name, string ns, string color = "red") => new()
    {
        ["apiVersion"] = "example.mla.io/v1",
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["color"] = color },
    };
}
