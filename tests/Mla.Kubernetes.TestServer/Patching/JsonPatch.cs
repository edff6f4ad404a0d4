using System.Globalization;
using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>RFC 6902 JSON patch (<c>application/json-patch+json</c>): add, remove, replace, move, copy, test.</summary>
public static class JsonPatch
{
    /// <summary>Returns a new document; throws <see cref="PatchException"/> for a failing operation or test.</summary>
    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        // The root lives in a holder so that operations on "" (the whole document) need no special case.
        var holder = new JsonObject { ["root"] = target.DeepClone() };
        for (var index = 0; index < operations.Count; index++)
        {
            if (operations[index] is not JsonObject operation)
            {
                throw new PatchException($"JSON patch operation {index} is not an object");
            }

            ApplyOperation(holder, operation);
        }

        return holder["root"]?.DeepClone() ?? throw new PatchException("the JSON patch removed the whole document");
    }

    private static void ApplyOperation(JsonObject holder, JsonObject operation)
    {
        var op = RequiredString(operation, "op");
        var path = RequiredString(operation, "path");
        switch (op)
        {
            case "add":
                Add(holder, path, RequiredValue(operation, op));
                break;
            case "remove":
                Remove(holder, path);
                break;
            case "replace":
                Replace(holder, path, RequiredValue(operation, op));
                break;
            case "move":
                {
                    var from = RequiredString(operation, "from");
                    if (path.StartsWith(from + "/", StringComparison.Ordinal))
                    {
                        throw new PatchException($"cannot move \"{from}\" into its own child \"{path}\"");
                    }

                    var value = Get(holder, from);
                    Remove(holder, from);
                    Add(holder, path, value);
                    break;
                }

            case "copy":
                Add(holder, path, Get(holder, RequiredString(operation, "from")));
                break;
            case "test":
                {
                    var expected = RequiredValue(operation, op);
                    var actual = Get(holder, path);
                    if (!JsonNode.DeepEquals(actual, expected))
                    {
                        throw new PatchException($"test operation failed: the value at \"{path}\" is {actual?.ToJsonString() ?? "null"}, not {expected?.ToJsonString() ?? "null"}");
                    }

                    break;
                }

            default:
                throw new PatchException($"unknown JSON patch operation \"{op}\"");
        }
    }

    private static string RequiredString(JsonObject operation, string member) =>
        operation[member] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new PatchException($"JSON patch operation {operation.ToJsonString()} lacks the string member \"{member}\"");

    private static JsonNode? RequiredValue(JsonObject operation, string op) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw new PatchException($"JSON patch operation \"{op}\" lacks \"value\"");

    private static (JsonNode Parent, string Token) Locate(JsonObject holder, string path)
    {
        var tokens = JsonPointer.Parse(path);
        JsonNode parent = holder;
        var token = "root";
        foreach (var next in tokens)
        {
            parent = Child(parent, token, path) ?? throw new PatchException($"the path \"{path}\" does not exist");
            token = next;
        }

        return (parent, token);
    }

    private static JsonNode? Child(JsonNode parent, string token, string path)
    {
        switch (parent)
        {
            case JsonObject obj:
                return obj.TryGetPropertyValue(token, out var value) ? value : throw new PatchException($"the path \"{path}\" does not exist: no member \"{token}\"");
            case JsonArray array:
                var index = ArrayIndex(token, array.Count - 1, path);
                return array[index];
            default:
                throw new PatchException($"the path \"{path}\" does not exist: \"{token}\" is below a scalar");
        }
    }

    private static int ArrayIndex(string token, int max, string path)
    {
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit)
            || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new PatchException($"invalid array index \"{token}\" in \"{path}\"");
        }

        return index <= max ? index : throw new PatchException($"array index {index} out of range in \"{path}\"");
    }

    private static JsonNode? Get(JsonObject holder, string path)
    {
        var (parent, token) = Locate(holder, path);
        return Child(parent, token, path)?.DeepClone();
    }

    private static void Add(JsonObject holder, string path, JsonNode? value)
    {
        var (parent, token) = Locate(holder, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[token] = value;
                break;
            case JsonArray array:
                if (token == "-")
                {
                    array.Add(value);
                }
                else
                {
                    array.Insert(ArrayIndex(token, array.Count, path), value);
                }

                break;
            default:
                throw new PatchException($"cannot add at \"{path}\": the parent is a scalar");
        }
    }

    private static void Replace(JsonObject holder, string path, JsonNode? value)
    {
        var (parent, token) = Locate(holder, path);
        _ = Child(parent, token, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[token] = value;
                break;
            case JsonArray array:
                array[ArrayIndex(token, array.Count - 1, path)] = value;
                break;
            default:
                throw new PatchException($"cannot replace \"{path}\": the parent is a scalar");
        }
    }

    private static void Remove(JsonObject holder, string path)
    {
        var (parent, token) = Locate(holder, path);
        switch (parent)
        {
            case JsonObject obj:
                if (!obj.Remove(token))
                {
                    throw new PatchException($"cannot remove \"{path}\": no such member");
                }

                break;
            case JsonArray array:
                array.RemoveAt(ArrayIndex(token, array.Count - 1, path));
                break;
            default:
                throw new PatchException($"cannot remove \"{path}\": the parent is a scalar");
        }
    }
}
