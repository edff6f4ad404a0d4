using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>
/// The object side of server-side apply: merging an applied configuration into the live object (applied values
/// win, maps merge per key, map lists per item key, set lists per value, atomic lists and maps are replaced) and
/// removing fields by path.
/// </summary>
internal static class ObjectMerge
{
    public static JsonObject Merge(JsonObject live, JsonObject applied, string kind) =>
        (JsonObject)MergeNode(live, applied, kind, []);

    private static JsonNode MergeNode(JsonNode? live, JsonNode applied, string kind, List<string> names)
    {
        switch (applied)
        {
            case JsonObject appliedObject when live is JsonObject liveObject && !ListMergeKeys.IsAtomicMap(kind, names):
                var result = (JsonObject)liveObject.DeepClone();
                foreach (var (name, value) in appliedObject)
                {
                    if (value is null)
                    {
                        continue;
                    }

                    names.Add(name);
                    result.TryGetPropertyValue(name, out var current);
                    result[name] = MergeNode(current, value, kind, names);
                    names.RemoveAt(names.Count - 1);
                }

                return result;
            case JsonArray appliedList when live is JsonArray liveList:
                return MergeList(liveList, appliedList, kind, names);
            default:
                return WithoutNulls(applied);
        }
    }

    private static JsonArray MergeList(JsonArray live, JsonArray applied, string kind, List<string> names)
    {
        var schema = ListMergeKeys.Describe(kind, names);
        var result = (JsonArray)live.DeepClone();
        switch (schema.Type)
        {
            case ListType.Set:
                foreach (var item in applied.Where(item => !result.Any(existing => JsonNode.DeepEquals(existing, item))))
                {
                    result.Add(item?.DeepClone());
                }

                return result;
            case ListType.Map when KeysOf(live, schema) is { } liveKeys && KeysOf(applied, schema) is { } appliedKeys:
                for (var i = 0; i < applied.Count; i++)
                {
                    var index = liveKeys.IndexOf(appliedKeys[i]);
                    if (index >= 0)
                    {
                        result[index] = MergeNode(result[index], applied[i]!, kind, names);
                    }
                    else
                    {
                        result.Add(WithoutNulls(applied[i]!));
                    }
                }

                return result;
            default:
                return (JsonArray)WithoutNulls(applied);
        }
    }

    private static List<string>? KeysOf(JsonArray list, ListSchema schema)
    {
        var keys = new List<string>();
        foreach (var item in list)
        {
            if (item is not JsonObject obj || FieldPathElement.Key(obj, schema.ApplyKeys) is not { } key)
            {
                return null;
            }

            keys.Add(key);
        }

        return keys;
    }

    /// <summary>An applied null means "not set" here: the configuration does not carry the field.</summary>
    private static JsonNode WithoutNulls(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    if (value is not null)
                    {
                        copy[name] = WithoutNulls(value);
                    }
                }

                return copy;
            default:
                return node.DeepClone();
        }
    }

    /// <summary>
    /// Removes the field or item at <paramref name="path"/> from <paramref name="obj"/> (in place), and then the
    /// objects and lists above it that this removal left empty.
    /// </summary>
    public static void Remove(JsonObject obj, IReadOnlyList<string> path, string kind)
    {
        var containers = new List<JsonNode>();
        var indexes = new List<int>();
        var names = new List<string>();
        JsonNode? node = obj;
        foreach (var element in path)
        {
            var index = node is null ? -1 : IndexOf(node, element, kind, names);
            if (index < 0)
            {
                return;
            }

            containers.Add(node!);
            indexes.Add(index);
            if (element.StartsWith("f:", StringComparison.Ordinal))
            {
                names.Add(element[2..]);
            }

            node = node is JsonObject parent ? parent.GetAt(index).Value : node!.AsArray()[index];
        }

        for (var level = containers.Count - 1; level >= 0; level--)
        {
            if (containers[level] is JsonObject parent)
            {
                parent.RemoveAt(indexes[level]);
            }
            else
            {
                containers[level].AsArray().RemoveAt(indexes[level]);
            }

            if (level == 0 || containers[level] is not (JsonObject { Count: 0 } or JsonArray { Count: 0 }))
            {
                return;
            }
        }
    }

    private static int IndexOf(JsonNode node, string element, string kind, List<string> names)
    {
        switch (node)
        {
            case JsonObject obj when element.StartsWith("f:", StringComparison.Ordinal):
                return obj.IndexOf(element[2..]);
            case JsonArray list when element.StartsWith("k:", StringComparison.Ordinal):
                var schema = ListMergeKeys.Describe(kind, names);
                return IndexWhere(list, item => item is JsonObject itemObject && FieldPathElement.Key(itemObject, schema.ApplyKeys) == element);
            case JsonArray list when element.StartsWith("v:", StringComparison.Ordinal):
                return IndexWhere(list, item => FieldPathElement.Value(item) == element);
            default:
                return -1;
        }
    }

    private static int IndexWhere(JsonArray list, Func<JsonNode?, bool> predicate)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (predicate(list[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
