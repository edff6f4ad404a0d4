using System.Globalization;
using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>One entry of <c>metadata.managedFields</c>: the fields one manager owns through one operation and subresource.</summary>
internal sealed record ManagedFieldsEntry(string Manager, string Operation, string? ApiVersion, string? Time, string? Subresource, FieldSet Fields)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public bool IsSameOwner(string manager, string operation, string? subresource) =>
        Manager == manager && Operation == operation && (Subresource ?? "") == (subresource ?? "");

    public static string FormatTime(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads <c>metadata.managedFields</c>; entries without a readable FieldsV1 set are kept with an empty set.</summary>
    public static List<ManagedFieldsEntry> Read(JsonObject? obj)
    {
        var entries = new List<ManagedFieldsEntry>();
        if (obj?["metadata"]?["managedFields"] is not JsonArray list)
        {
            return entries;
        }

        foreach (var item in list.OfType<JsonObject>())
        {
            var manager = Text(item, "manager") ?? "";
            var operation = Text(item, "operation") ?? Update;
            var fields = item["fieldsV1"] is JsonObject fieldsV1 ? FieldSet.FromFieldsV1(fieldsV1) : FieldSet.Empty;
            entries.Add(new ManagedFieldsEntry(manager, operation, Text(item, "apiVersion"), Text(item, "time"), Text(item, "subresource"), fields));
        }

        return entries;
    }

    /// <summary>Kubernetes' order: by operation (Apply before Update), then time, manager, apiVersion, subresource.</summary>
    public static JsonArray Write(IEnumerable<ManagedFieldsEntry> entries) =>
        new([.. entries
            .Where(entry => !entry.Fields.IsEmpty)
            .OrderBy(entry => entry.Operation, StringComparer.Ordinal)
            .ThenBy(entry => entry.Time ?? "", StringComparer.Ordinal)
            .ThenBy(entry => entry.Manager, StringComparer.Ordinal)
            .ThenBy(entry => entry.ApiVersion ?? "", StringComparer.Ordinal)
            .ThenBy(entry => entry.Subresource ?? "", StringComparer.Ordinal)
            .Select(entry => entry.ToJson())]);

    private JsonObject ToJson()
    {
        var json = new JsonObject { ["manager"] = Manager, ["operation"] = Operation };
        if (ApiVersion is not null)
        {
            json["apiVersion"] = ApiVersion;
        }

        if (Time is not null)
        {
            json["time"] = Time;
        }

        json["fieldsType"] = "FieldsV1";
        json["fieldsV1"] = Fields.ToFieldsV1();
        if (!string.IsNullOrEmpty(Subresource))
        {
            json["subresource"] = Subresource;
        }

        return json;
    }

    private static string? Text(JsonObject item, string name) =>
        item[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
