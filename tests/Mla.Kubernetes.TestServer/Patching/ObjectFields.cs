using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>
/// Field sets of objects, read with the list semantics of <see cref="ListMergeKeys"/>: what an applied configuration
/// sets, every path an object has, and what changed between two versions of an object.
/// </summary>
internal static class ObjectFields
{
    // Non-pointer Go structs of the built-in types: they exist (empty) in every object, so Kubernetes never records
    // them as added members ("." in FieldsV1) on create; granular maps such as labels and pointer structs get the marker.
    private static readonly HashSet<string> AlwaysPresentStructs = new(StringComparer.Ordinal)
    {
        "metadata", "spec", "status", "template", "jobTemplate", "strategy", "updateStrategy", "resources",
    };

    // Lists without omitempty (present, as null, in every object): never recorded as added members either.
    private static readonly HashSet<string> AlwaysPresentLists = new(StringComparer.Ordinal) { "containers" };

    /// <summary>
    /// The fields an applied configuration sets (structured-merge-diff's <c>ToFieldSet</c>): leaves, empty objects,
    /// atomic lists and maps as one field, map-list items by key (as members with their fields), set items by value.
    /// </summary>
    public static FieldSet OfApplied(JsonObject applied, string kind)
    {
        var result = new List<IReadOnlyList<string>>();
        new Walker(kind, result).Leaves(applied, [], [], markAddedMaps: false);
        return FieldSet.Of(result);
    }

    /// <summary>Every path in <paramref name="obj"/>: objects, their fields, list items, leaves.</summary>
    public static FieldSet All(JsonObject obj, string kind)
    {
        var result = new List<IReadOnlyList<string>>();
        new Walker(kind, result).Everything(obj, [], []);
        return FieldSet.Of(result);
    }

    /// <summary>The paths added or modified from <paramref name="before"/> to <paramref name="after"/> (removals are not listed).</summary>
    public static FieldSet Changed(JsonObject? before, JsonObject after, string kind)
    {
        var result = new List<IReadOnlyList<string>>();
        new Walker(kind, result).Changed(before ?? [], after, [], []);
        return FieldSet.Of(result);
    }

    private sealed class Walker(string kind, List<IReadOnlyList<string>> result)
    {
        public void Leaves(JsonNode? node, List<string> elements, List<string> names, bool markAddedMaps)
        {
            switch (node)
            {
                case JsonObject when ListMergeKeys.IsAtomicMap(kind, names):
                    Add(elements);
                    break;
                case JsonObject { Count: 0 }:
                    // structured-merge-diff's ToFieldSet records nothing for an empty map; a comparison does (a leaf).
                    if (markAddedMaps && elements.Count > 0)
                    {
                        Add(elements);
                    }

                    break;
                case JsonObject obj:
                    if (markAddedMaps && elements.Count > 0 && !AlwaysPresentStructs.Contains(names[^1]))
                    {
                        Add(elements);
                    }

                    foreach (var (name, value) in obj)
                    {
                        if (value is not null)
                        {
                            Descend(elements, names, name, () => Leaves(value, elements, names, markAddedMaps));
                        }
                    }

                    break;
                case JsonArray list:
                    var schema = ListMergeKeys.Describe(kind, names);
                    var items = Items(list, schema);
                    if (markAddedMaps && items.Count > 0 && items[0].Element is not null && !AlwaysPresentLists.Contains(names[^1]))
                    {
                        Add(elements);
                    }

                    foreach (var (element, item) in items)
                    {
                        if (element is null)
                        {
                            Add(elements);
                            return;
                        }

                        elements.Add(element);
                        Add(elements);
                        if (schema.Type == ListType.Map)
                        {
                            LeavesOfItem(item!.AsObject(), elements, names, markAddedMaps);
                        }

                        elements.RemoveAt(elements.Count - 1);
                    }

                    break;
                default:
                    Add(elements);
                    break;
            }
        }

        public void Everything(JsonNode? node, List<string> elements, List<string> names)
        {
            if (elements.Count > 0)
            {
                Add(elements);
            }

            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj)
                    {
                        Descend(elements, names, name, () => Everything(value, elements, names));
                    }

                    break;
                case JsonArray list:
                    var schema = ListMergeKeys.Describe(kind, names);
                    foreach (var (element, item) in Items(list, schema))
                    {
                        if (element is null)
                        {
                            return;
                        }

                        elements.Add(element);
                        Add(elements);
                        if (item is JsonObject itemObject)
                        {
                            foreach (var (name, value) in itemObject)
                            {
                                Descend(elements, names, name, () => Everything(value, elements, names));
                            }
                        }

                        elements.RemoveAt(elements.Count - 1);
                    }

                    break;
            }
        }

        public void Changed(JsonNode? before, JsonNode? after, List<string> elements, List<string> names)
        {
            switch (after)
            {
                case JsonObject afterObject when before is JsonObject beforeObject && afterObject.Count > 0 && !ListMergeKeys.IsAtomicMap(kind, names):
                    foreach (var (name, value) in afterObject)
                    {
                        if (value is null)
                        {
                            continue;
                        }

                        Descend(elements, names, name, () =>
                        {
                            if (beforeObject.TryGetPropertyValue(name, out var previous) && previous is not null)
                            {
                                Changed(previous, value, elements, names);
                            }
                            else
                            {
                                Leaves(value, elements, names, markAddedMaps: true);
                            }
                        });
                    }

                    break;
                case JsonArray afterList when before is JsonArray beforeList && ListMergeKeys.Describe(kind, names) is { Type: not ListType.Atomic } schema:
                    var previousItems = Items(beforeList, schema).Where(pair => pair.Element is not null).GroupBy(pair => pair.Element!)
                        .ToDictionary(group => group.Key, group => group.First().Item, StringComparer.Ordinal);
                    foreach (var (element, item) in Items(afterList, schema))
                    {
                        if (element is null)
                        {
                            Add(elements);
                            return;
                        }

                        elements.Add(element);
                        if (!previousItems.TryGetValue(element, out var previous))
                        {
                            Add(elements);
                            if (schema.Type == ListType.Map)
                            {
                                LeavesOfItem(item!.AsObject(), elements, names, markAddedMaps: true);
                            }
                        }
                        else if (schema.Type == ListType.Map)
                        {
                            ChangedItem(previous!.AsObject(), item!.AsObject(), elements, names);
                        }

                        elements.RemoveAt(elements.Count - 1);
                    }

                    break;
                default:
                    // Emptying a map removes its items; it adds nothing (structured-merge-diff's compare).
                    if (JsonNode.DeepEquals(before, after) || (after is JsonObject { Count: 0 } && before is JsonObject))
                    {
                        break;
                    }

                    if (after is JsonObject { Count: > 0 } && before is not JsonObject && !ListMergeKeys.IsAtomicMap(kind, names))
                    {
                        Leaves(after, elements, names, markAddedMaps: true);
                    }
                    else if (after is JsonArray && before is not JsonArray)
                    {
                        Leaves(after, elements, names, markAddedMaps: true);
                    }
                    else
                    {
                        Add(elements);
                    }

                    break;
            }
        }

        private void ChangedItem(JsonObject before, JsonObject after, List<string> elements, List<string> names)
        {
            foreach (var (name, value) in after)
            {
                if (value is null)
                {
                    continue;
                }

                Descend(elements, names, name, () =>
                {
                    if (before.TryGetPropertyValue(name, out var previous) && previous is not null)
                    {
                        Changed(previous, value, elements, names);
                    }
                    else
                    {
                        Leaves(value, elements, names, markAddedMaps: true);
                    }
                });
            }
        }

        private void LeavesOfItem(JsonObject item, List<string> elements, List<string> names, bool markAddedMaps)
        {
            foreach (var (name, value) in item)
            {
                if (value is not null)
                {
                    Descend(elements, names, name, () => Leaves(value, elements, names, markAddedMaps));
                }
            }
        }

        /// <summary>The element of each item, or a single (null, null) when the list cannot be keyed (then it is one atomic field).</summary>
        private static List<(string? Element, JsonNode? Item)> Items(JsonArray list, ListSchema schema)
        {
            if (schema.Type == ListType.Atomic)
            {
                return [(null, null)];
            }

            var items = new List<(string? Element, JsonNode? Item)>();
            foreach (var item in list)
            {
                var element = schema.Type == ListType.Set
                    ? item is JsonValue ? FieldPathElement.Value(item) : null
                    : item is JsonObject obj ? FieldPathElement.Key(obj, schema.ApplyKeys) : null;
                if (element is null)
                {
                    return [(null, null)];
                }

                items.Add((element, item));
            }

            return items;
        }

        private static void Descend(List<string> elements, List<string> names, string name, Action visit)
        {
            elements.Add(FieldPathElement.Field(name));
            names.Add(name);
            visit();
            names.RemoveAt(names.Count - 1);
            elements.RemoveAt(elements.Count - 1);
        }

        private void Add(List<string> elements) => result.Add(elements.ToArray());
    }
}
