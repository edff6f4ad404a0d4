using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>
/// Server-side apply and field ownership (https://kubernetes.io/docs/reference/using-api/server-side-apply/): the fields of an applied configuration, merged
/// into the live object, owned by the field manager; conflicts with other managers unless forced; <c>managedFields</c>
/// kept in <c>metadata.managedFields</c> (Apply entries first, <c>FieldsV1</c>).
/// </summary>
public static class ServerSideApply
{
    /// <summary>Metadata the server owns: never part of a manager's field set (Kubernetes' fieldmanager strips them).</summary>
    private static readonly HashSet<string> ServerManagedMetadata = new(StringComparer.Ordinal)
    {
        "f:name", "f:namespace", "f:uid", "f:resourceVersion", "f:generation", "f:creationTimestamp", "f:managedFields",
        "f:selfLink", "f:deletionTimestamp", "f:deletionGracePeriodSeconds",
    };

    /// <summary>
    /// Applies <paramref name="applied"/> (already checked: no managedFields) by <paramref name="manager"/> onto
    /// <paramref name="live"/> (null when the object does not exist). Fields this manager applied before and no longer
    /// applies are removed unless another manager owns them. Never mutates its inputs. The result's Applied object has its
    /// managedFields updated; <c>metadata.resourceVersion</c>, uid and timestamps are the server's business.
    /// </summary>
    public static ApplyResult Apply(JsonObject? live, JsonObject applied, string manager, bool force, string apiVersion, string kind, DateTimeOffset now) =>
        Apply(live, applied, manager, force, apiVersion, kind, now, subresource: null);

    /// <summary>
    /// <see cref="Apply(JsonObject?, JsonObject, string, bool, string, string, DateTimeOffset)"/> on a subresource:
    /// with <c>"status"</c> only the applied <c>status</c> counts, and the entry carries <c>subresource: status</c>;
    /// on the main resource (null) an applied <c>status</c> is merged (the server resets it where the kind has a status
    /// subresource) but never owned.
    /// A no-op apply (same object, same field set) returns the live object unchanged, managedFields included.
    /// </summary>
    public static ApplyResult Apply(JsonObject? live, JsonObject applied, string manager, bool force, string apiVersion, string kind, DateTimeOffset now, string? subresource)
    {
        var entries = ManagedFieldsEntry.Read(live);
        var liveObject = WithoutManagedFields(live) ?? [];
        var config = WithoutManagedFields(applied)!;
        if (subresource == "status")
        {
            config = config["status"] is JsonObject status ? new JsonObject { ["status"] = status.DeepClone() } : [];
        }

        var applySet = ObjectFields.OfApplied(config, kind).Where(path => !IsIgnored(path, subresource));
        var previous = entries.FirstOrDefault(entry => entry.IsSameOwner(manager, ManagedFieldsEntry.Apply, subresource));
        var others = entries.Where(entry => !ReferenceEquals(entry, previous)).ToList();

        var merged = ObjectMerge.Merge(liveObject, config, kind);
        if (previous is not null)
        {
            // A field leaves the object when its last owner stops applying it; an item or map stays while anyone
            // still owns something inside it.
            var stillOwned = others.Aggregate(applySet, (owned, entry) => owned.Union(entry.Fields));
            var stale = previous.Fields.Except(stillOwned);
            var removed = new List<IReadOnlyList<string>>();
            foreach (var path in stale.Sorted())
            {
                if (stillOwned.HasDescendantOf(path) || IsKeyOfItem(path) || removed.Any(prefix => StartsWith(path, prefix)))
                {
                    continue;
                }

                ObjectMerge.Remove(merged, path, kind);
                removed.Add(path);
            }
        }

        var changed = ObjectFields.Changed(liveObject, merged, kind).Where(path => !IsIgnored(path, subresource));
        var conflicts = others
            .SelectMany(entry => entry.Fields.Intersect(changed).Sorted().Select(path => new ApplyConflict(
                entry.Manager,
                entry.Operation,
                entry.Operation == ManagedFieldsEntry.Update ? entry.ApiVersion : null,
                string.IsNullOrEmpty(entry.Subresource) ? null : entry.Subresource,
                FieldPathElement.Describe(path))))
            .ToList();
        if (conflicts.Count > 0 && !force)
        {
            return new ApplyResult(null, conflicts);
        }

        if (live is not null && previous is not null && JsonNode.DeepEquals(merged, liveObject) && previous.Fields.SetEquals(applySet))
        {
            return new ApplyResult((JsonObject)live.DeepClone(), []);
        }

        var present = ObjectFields.All(merged, kind);
        var updatedEntries = others
            .Select(entry => entry with { Fields = entry.Fields.Except(changed).Intersect(present) })
            .Append(new ManagedFieldsEntry(manager, ManagedFieldsEntry.Apply, apiVersion, ManagedFieldsEntry.FormatTime(now), subresource, applySet));
        return new ApplyResult(WithManagedFields(merged, updatedEntries), []);
    }

    /// <summary>
    /// Records a non-apply write (create, update, merge/JSON/strategic patch) by <paramref name="manager"/>: the fields
    /// it changed become owned by an <c>Update</c> entry of that manager and are taken from other managers.
    /// Returns <paramref name="updated"/> with managedFields set (a new object).
    /// </summary>
    public static JsonObject RecordUpdate(JsonObject? previous, JsonObject updated, string manager, string apiVersion, string kind, DateTimeOffset now, string? subresource = null)
    {
        // A write that carries managedFields sets them (as in Kubernetes); one without keeps the live ones.
        var entries = updated["metadata"]?["managedFields"] is JsonArray { Count: > 0 } ? ManagedFieldsEntry.Read(updated) : ManagedFieldsEntry.Read(previous);
        var before = WithoutManagedFields(previous) ?? [];
        var after = WithoutManagedFields(updated)!;

        var changed = ObjectFields.Changed(before, after, kind).Where(path => !IsIgnored(path, subresource));
        var present = ObjectFields.All(after, kind);
        var mine = entries.FirstOrDefault(entry => entry.IsSameOwner(manager, ManagedFieldsEntry.Update, subresource));
        var updatedEntries = entries
            .Where(entry => !ReferenceEquals(entry, mine))
            .Select(entry => entry with { Fields = entry.Fields.Except(changed).Intersect(present) })
            .ToList();
        if (!changed.IsEmpty)
        {
            var owned = (mine?.Fields ?? FieldSet.Empty).Union(changed).Intersect(present);
            updatedEntries.Add(new ManagedFieldsEntry(manager, ManagedFieldsEntry.Update, apiVersion, ManagedFieldsEntry.FormatTime(now), subresource, owned));
        }
        else if (mine is not null)
        {
            updatedEntries.Add(mine with { Fields = mine.Fields.Intersect(present) });
        }

        return WithManagedFields(after, updatedEntries);
    }

    /// <summary>
    /// Paths no manager owns: apiVersion, kind and server-managed metadata; for a write through the status
    /// subresource everything but status, and for a write to the main resource status (Kubernetes resets status on
    /// main-resource writes of every kind with a status subresource, so such a write never owns or conflicts on it).
    /// </summary>
    private static bool IsIgnored(IReadOnlyList<string> path, string? subresource)
    {
        if (path.Count == 0 || path[0] is "f:apiVersion" or "f:kind")
        {
            return true;
        }

        if (path[0] == "f:metadata" && (path.Count == 1 || ServerManagedMetadata.Contains(path[1])))
        {
            return true;
        }

        return subresource == "status" ? path[0] != "f:status" : path[0] == "f:status";
    }

    /// <summary>A key field of a map-list item (<c>k:{"name":"c"}</c> → <c>f:name</c>): it stays while its item stays.</summary>
    private static bool IsKeyOfItem(IReadOnlyList<string> path) =>
        path.Count >= 2 && path[^2].StartsWith("k:", StringComparison.Ordinal) && path[^1].StartsWith("f:", StringComparison.Ordinal)
        && JsonNode.Parse(path[^2][2..]) is JsonObject key && key.ContainsKey(path[^1][2..]);

    private static bool StartsWith(IReadOnlyList<string> path, IReadOnlyList<string> prefix) =>
        path.Count > prefix.Count && prefix.Select((element, i) => element == path[i]).All(same => same);

    private static JsonObject? WithoutManagedFields(JsonObject? obj)
    {
        if (obj is null)
        {
            return null;
        }

        var copy = (JsonObject)obj.DeepClone();
        if (copy["metadata"] is JsonObject metadata)
        {
            metadata.Remove("managedFields");
        }

        return copy;
    }

    private static JsonObject WithManagedFields(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var managedFields = ManagedFieldsEntry.Write(entries);
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        if (managedFields.Count > 0)
        {
            metadata["managedFields"] = managedFields;
        }
        else
        {
            metadata.Remove("managedFields");
        }

        return obj;
    }
}
