using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Mla.Exporters.Desired;

/// <summary>Small builders for Kubernetes objects as JSON trees (keys in the order kubectl prints them).</summary>
internal static class Manifest
{
    public static JsonObject Object(string apiVersion, string kind, string name, string? ns, string component, JsonObject? body = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        metadata["labels"] = Labels(component);
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
        if (body is not null)
        {
            foreach (var (key, value) in body.ToList())
            {
                body.Remove(key);
                obj[key] = value;
            }
        }

        return obj;
    }

    public static JsonObject Labels(string component) => new()
    {
        [ManagedLabels.NameKey] = component,
        [ManagedLabels.PartOfKey] = "mla",
        [ManagedLabels.ManagedByKey] = ManagedLabels.ManagedByValue,
    };

    public static JsonObject Selector(string component) => new() { ["matchLabels"] = new JsonObject { [ManagedLabels.NameKey] = component } };

    public static JsonArray Array(params JsonNode?[] items) => new(items);

    public static JsonArray Strings(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

    public static JsonObject Resources(string cpuRequest, string memoryRequest, string memoryLimit) => new()
    {
        ["requests"] = new JsonObject { ["cpu"] = cpuRequest, ["memory"] = memoryRequest },
        ["limits"] = new JsonObject { ["memory"] = memoryLimit },
    };

    public static JsonObject Env(string name, string fieldPath) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = fieldPath } },
    };

    public static JsonObject Mount(string name, string path, bool readOnly = true)
    {
        var mount = new JsonObject { ["name"] = name, ["mountPath"] = path };
        if (readOnly)
        {
            mount["readOnly"] = true;
        }

        return mount;
    }

    public static JsonObject ConfigMapVolume(string name, string configMap) =>
        new() { ["name"] = name, ["configMap"] = new JsonObject { ["name"] = configMap } };

    public static JsonObject SecretVolume(string name, string secret) =>
        new() { ["name"] = name, ["secret"] = new JsonObject { ["secretName"] = secret, ["defaultMode"] = 288 } };

    public static JsonObject HostPathVolume(string name, string path) =>
        new() { ["name"] = name, ["hostPath"] = new JsonObject { ["path"] = path } };

    public static JsonArray TolerateEverything() => Array(new JsonObject { ["operator"] = "Exists" });

    public static JsonObject RestrictedSecurityContext() => new()
    {
        ["allowPrivilegeEscalation"] = false,
        ["readOnlyRootFilesystem"] = true,
        ["capabilities"] = new JsonObject { ["drop"] = Array("ALL") },
    };

    /// <summary>Hex SHA-256 of the texts, in order (pod template annotations that restart agents when their inputs change).</summary>
    public static string Checksum(params string[] parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(part));
            hash.AppendData([0]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
