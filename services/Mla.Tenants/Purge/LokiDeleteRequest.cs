using System.Globalization;
using System.Text.Json;

namespace Mla.Tenants.Purge;

/// <summary>
/// One entry of Loki's <c>GET /loki/api/v1/delete</c>: <c>request_id</c>, <c>query</c>, <c>status</c> (<c>received</c>,
/// <c>processed</c>, or <c>NN% Complete</c> while a split request is partly done) and <c>created_at</c> in unix seconds.
/// </summary>
internal sealed record LokiDeleteRequest(string RequestId, string Query, string Status, DateTimeOffset CreatedAt)
{
    public const string Processed = "processed";

    public bool IsProcessed => Status == Processed;

    /// <summary>Reads the list; throws <see cref="JsonException"/> or <see cref="InvalidOperationException"/> when it is not one.</summary>
    public static IReadOnlyList<LokiDeleteRequest> ParseList(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidOperationException("not a JSON list");
        }

        return document.RootElement.EnumerateArray().Select(Parse).ToList();
    }

    private static LokiDeleteRequest Parse(JsonElement item) => new(
        Text(item, "request_id"),
        Text(item, "query"),
        Text(item, "status"),
        item.TryGetProperty("created_at", out var created) ? FromUnixSeconds(created) : DateTimeOffset.MinValue);

    private static string Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    /// <summary>Prometheus' model.Time is written as seconds with milliseconds, e.g. <c>1591616227.123</c>.</summary>
    private static DateTimeOffset FromUnixSeconds(JsonElement value)
    {
        var seconds = value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : double.Parse(value.GetString() ?? "0", NumberStyles.Float, CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
    }
}
