using System.Text.Json;
using Mla.Webhooks.Catalog;
using Mla.Webhooks.CloudEvents.Payloads;

namespace Mla.Webhooks.CloudEvents;

/// <summary>
/// Turns a CloudEvents 1.0 structured body (one event, or the batch form) into catalog entries, validating the
/// envelope and the payload; the first problem found is reported with its JSON path.
/// </summary>
public static class KkpEventParser
{
    public static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<CatalogEntry> Parse(ReadOnlySpan<byte> body, bool batch, int maxEvents)
    {
        if (body.IsEmpty)
        {
            throw new EventValidationException("body", "is empty");
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 32 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new EventValidationException("body", $"is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (!batch)
            {
                return root.ValueKind == JsonValueKind.Object
                    ? [ParseEvent(root, string.Empty)]
                    : throw new EventValidationException("body", "must be one CloudEvent object (use application/cloudevents-batch+json for an array)");
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new EventValidationException("body", "must be a JSON array of CloudEvents");
            }

            var count = root.GetArrayLength();
            if (count == 0 || count > maxEvents)
            {
                throw new EventValidationException("body", $"a batch holds 1 to {maxEvents} events, not {count}");
            }

            var entries = new List<CatalogEntry>(count);
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                var path = $"[{index++}]";
                entries.Add(element.ValueKind == JsonValueKind.Object
                    ? ParseEvent(element, path)
                    : throw new EventValidationException(path, "must be a CloudEvent object"));
            }

            return entries;
        }
    }

    private static CatalogEntry ParseEvent(JsonElement cloudEvent, string path)
    {
        var specVersion = JsonFields.RequireString(cloudEvent, "specversion", path);
        if (specVersion != "1.0")
        {
            throw new EventValidationException(JsonFields.Join(path, "specversion"), $"'{JsonFields.Truncate(specVersion)}' is not supported; expected 1.0");
        }

        var eventId = JsonFields.RequireString(cloudEvent, "id", path);
        if (eventId.Length > 256)
        {
            throw new EventValidationException(JsonFields.Join(path, "id"), "must be at most 256 characters");
        }

        var source = JsonFields.RequireString(cloudEvent, "source", path);
        if (!Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out _))
        {
            throw new EventValidationException(JsonFields.Join(path, "source"), "must be a URI reference");
        }

        var typeName = JsonFields.RequireString(cloudEvent, "type", path);
        if (!KkpEventTypes.All.TryGetValue(typeName, out var type))
        {
            throw new EventValidationException(
                JsonFields.Join(path, "type"),
                $"'{JsonFields.Truncate(typeName)}' is not a known event type; expected one of {string.Join(", ", KkpEventTypes.All.Keys.Order(StringComparer.Ordinal))}");
        }

        var subject = JsonFields.RequireString(cloudEvent, "subject", path);
        var time = JsonFields.RequireTimestamp(cloudEvent, "time", path);
        var contentType = JsonFields.OptionalString(cloudEvent, "datacontenttype", path);
        if (contentType is not null && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new EventValidationException(JsonFields.Join(path, "datacontenttype"), $"'{JsonFields.Truncate(contentType)}' is not supported; data must be application/json");
        }

        var dataPath = JsonFields.Join(path, "data");
        var data = JsonFields.RequireObject(cloudEvent, "data", path);
        var parsed = type.Kind switch
        {
            ObjectKind.Cluster => ClusterPayload.Parse(data, dataPath),
            ObjectKind.Project => ProjectPayload.Parse(data, dataPath),
            ObjectKind.RuleGroup => RuleGroupPayload.Parse(data, dataPath, type.Deletes),
            ObjectKind.AlertmanagerConfig => AlertmanagerPayload.Parse(data, dataPath, type.Deletes),
            ObjectKind.MlaSettings => MlaSettingsPayload.Parse(data, dataPath),
            ObjectKind.User => UserPayload.Parse(data, dataPath),
            _ => throw new EventValidationException(JsonFields.Join(path, "type"), "has no payload parser"),
        };

        if (!string.Equals(subject, parsed.Id, StringComparison.Ordinal))
        {
            throw new EventValidationException(
                JsonFields.Join(path, "subject"),
                $"'{JsonFields.Truncate(subject)}' must equal data.id '{JsonFields.Truncate(parsed.Id)}'");
        }

        return new CatalogEntry(
            type.Kind,
            parsed.Key,
            type.Name,
            eventId,
            source,
            time,
            type.Deletes,
            parsed.Seed,
            parsed.ProjectId,
            parsed.ClusterId,
            JsonSerializer.Serialize(parsed.State, parsed.State.GetType(), StateJson));
    }
}
