using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>) for the built-in kinds: lists with a merge
/// key (<see cref="ListMergeKeys"/>) merge by key, other lists are replaced; <c>$patch: delete|replace</c>,
/// <c>$retainKeys</c> and <c>$deleteFromPrimitiveList/…</c> directives.
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";
    private const string SetElementOrderPrefix = "$setElementOrder/";

    /// <summary>Returns a new document; <paramref name="kind"/> selects the merge keys.</summary>
    public static JsonNode Apply(JsonNode target, JsonNode patch, string kind)
    {
        if (target is not JsonObject targetObject || patch is not JsonObject patchObject)
        {
            throw new PatchException("a strategic merge patch and its target must be JSON objects");
        }

        return MergeObject((JsonObject)targetObject.DeepClone(), patchObject, kind, []) ?? [];
    }

    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/> (owned, changed in place); null means "delete this object".</summary>
    private static JsonObject? MergeObject(JsonObject original, JsonObject patch, string kind, List<string> path)
    {
        switch (DirectiveOf(patch))
        {
            case "delete":
                return null;
            case "replace":
                return MergeObject([], WithoutDirective(patch), kind, path);
            case null or "merge":
                break;
            default:
                throw new PatchException($"unknown $patch directive \"{DirectiveOf(patch)}\" at {Describe(path)}");
        }

        foreach (var (name, values) in patch.Where(member => member.Key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)))
        {
            var field = name[DeleteFromPrimitiveListPrefix.Length..];
            if (original[field] is JsonArray list && values is JsonArray toDelete)
            {
                foreach (var item in list.Where(item => toDelete.Any(deleted => JsonNode.DeepEquals(deleted, item))).ToList())
                {
                    list.Remove(item);
                }
            }
        }

        foreach (var (name, value) in patch)
        {
            if (name.StartsWith('$'))
            {
                continue;
            }

            path.Add(name);
            MergeMember(original, name, value, kind, path);
            path.RemoveAt(path.Count - 1);
        }

        if (patch[RetainKeysDirective] is JsonArray retainKeys)
        {
            var retained = retainKeys.Select(key => key?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var name in original.Select(member => member.Key).Where(name => !retained.Contains(name)).ToList())
            {
                original.Remove(name);
            }
        }

        foreach (var (name, order) in patch.Where(member => member.Key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal)))
        {
            var field = name[SetElementOrderPrefix.Length..];
            if (original[field] is JsonArray list && order is JsonArray orderList)
            {
                path.Add(field);
                Reorder(list, orderList, ListMergeKeys.Describe(kind, path).PatchMergeKey);
                path.RemoveAt(path.Count - 1);
            }
        }

        return original;
    }

    private static void MergeMember(JsonObject original, string name, JsonNode? value, string kind, List<string> path)
    {
        original.TryGetPropertyValue(name, out var current);
        switch (value)
        {
            case null:
                original.Remove(name);
                break;
            case JsonObject patchObject:
                var merged = MergeObject(current as JsonObject ?? [], patchObject, kind, path);
                if (merged is null)
                {
                    original.Remove(name);
                }
                else if (!ReferenceEquals(merged, current))
                {
                    original[name] = merged;
                }

                break;
            case JsonArray patchList:
                var list = MergeList(current as JsonArray, patchList, kind, path);
                if (!ReferenceEquals(list, current))
                {
                    original[name] = list;
                }

                break;
            default:
                original[name] = value.DeepClone();
                break;
        }
    }

    private static JsonArray MergeList(JsonArray? original, JsonArray patch, string kind, List<string> path)
    {
        var schema = ListMergeKeys.Describe(kind, path);
        // A lone {"$patch": "replace"} item replaces the whole list with the other items.
        static bool IsListDirective(JsonNode? item) => item is JsonObject obj && obj.Count == 1 && DirectiveOf(obj) is not null;
        var replaceWhole = patch.Any(item => IsListDirective(item) && DirectiveOf((JsonObject)item!) == "replace");
        var items = patch.Where(item => !IsListDirective(item)).ToList();
        // A strategic merge patch follows patchMergeKey, which a few lists have although server-side apply treats them
        // as atomic (Job conditions).
        if (original is null || replaceWhole || (schema.Type != ListType.Set && schema.PatchMergeKey is null))
        {
            return new JsonArray([.. items.Select(item => Stripped(item, kind, path))]);
        }

        if (schema.Type == ListType.Set)
        {
            foreach (var item in items.Where(item => !original.Any(existing => JsonNode.DeepEquals(existing, item))))
            {
                original.Add(item?.DeepClone());
            }

            return original;
        }

        var key = schema.PatchMergeKey!;
        foreach (var item in items)
        {
            if (item is not JsonObject patchItem || !patchItem.TryGetPropertyValue(key, out var keyValue))
            {
                throw new PatchException($"map: {item?.ToJsonString() ?? "null"} does not contain declared merge key: {key}");
            }

            var index = IndexOf(original, key, keyValue);
            switch (DirectiveOf(patchItem))
            {
                case "delete":
                    if (index >= 0)
                    {
                        original.RemoveAt(index);
                    }

                    break;
                case "replace":
                    var replacement = MergeObject([], WithoutDirective(patchItem), kind, path);
                    if (index >= 0)
                    {
                        original[index] = replacement;
                    }
                    else
                    {
                        original.Add(replacement);
                    }

                    break;
                default:
                    if (index >= 0 && original[index] is JsonObject existing)
                    {
                        MergeObject(existing, patchItem, kind, path);
                    }
                    else
                    {
                        original.Add(MergeObject([], patchItem, kind, path));
                    }

                    break;
            }
        }

        return original;
    }

    private static JsonNode? Stripped(JsonNode? item, string kind, List<string> path) =>
        item is JsonObject obj ? MergeObject([], obj, kind, path) : item?.DeepClone();

    private static int IndexOf(JsonArray list, string key, JsonNode? keyValue)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject item && item.TryGetPropertyValue(key, out var value) && JsonNode.DeepEquals(value, keyValue))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// <c>$setElementOrder</c>: the listed items take the listed order; items the order does not name keep their
    /// positions (Kubernetes' own ordering of those is more elaborate; this approximation keeps the named order exact).
    /// </summary>
    private static void Reorder(JsonArray list, JsonArray order, string? key)
    {
        int Rank(JsonNode? item)
        {
            for (var i = 0; i < order.Count; i++)
            {
                var matches = key is null
                    ? JsonNode.DeepEquals(item, order[i])
                    : item is JsonObject obj && order[i] is JsonObject wanted && JsonNode.DeepEquals(obj[key], wanted[key]);
                if (matches)
                {
                    return i;
                }
            }

            return -1;
        }

        var ranked = list.Select((item, position) => (Item: item, Position: position, Rank: Rank(item))).ToList();
        var slots = ranked.Where(entry => entry.Rank >= 0).Select(entry => entry.Position).ToList();
        var sorted = ranked.Where(entry => entry.Rank >= 0).OrderBy(entry => entry.Rank).Select(entry => entry.Item).ToList();
        var result = ranked.Select(entry => entry.Item).ToArray();
        for (var i = 0; i < slots.Count; i++)
        {
            result[slots[i]] = sorted[i];
        }

        var detached = result.Select(item => item?.DeepClone()).ToList();
        list.Clear();
        foreach (var item in detached)
        {
            list.Add(item);
        }
    }

    private static string? DirectiveOf(JsonObject obj) =>
        obj[PatchDirective] is JsonValue value && value.TryGetValue<string>(out var directive) ? directive : null;

    private static JsonObject WithoutDirective(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove(PatchDirective);
        return copy;
    }

    private static string Describe(List<string> path) => path.Count == 0 ? "the root" : "." + string.Join('.', path);
}
