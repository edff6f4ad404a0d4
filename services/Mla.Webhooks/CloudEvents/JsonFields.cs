using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mla.Webhooks.CloudEvents;

/// <summary>Reads fields of a JSON object and fails with the full path of the field that is missing or wrong.</summary>
internal static partial class JsonFields
{
    public static JsonElement RequireObject(JsonElement parent, string name, string path)
    {
        var value = Require(parent, name, path);
        return value.ValueKind == JsonValueKind.Object
            ? value
            : throw new EventValidationException(Join(path, name), $"must be an object, not {Describe(value)}");
    }

    public static string RequireString(JsonElement parent, string name, string path)
    {
        var value = Require(parent, name, path);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new EventValidationException(Join(path, name), $"must be a string, not {Describe(value)}");
        }

        var text = value.GetString()!;
        return text.Length > 0 ? text : throw new EventValidationException(Join(path, name), "must not be empty");
    }

    public static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new EventValidationException(Join(path, name), $"must be a string, not {Describe(value)}");
    }

    public static bool RequireBool(JsonElement parent, string name, string path)
    {
        var value = Require(parent, name, path);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new EventValidationException(Join(path, name), $"must be true or false, not {Describe(value)}"),
        };
    }

    public static long? OptionalNonNegativeInteger(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < 0)
        {
            throw new EventValidationException(Join(path, name), $"must be a non-negative integer, not {Describe(value)}");
        }

        return number;
    }

    public static JsonElement? OptionalObject(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? value
            : throw new EventValidationException(Join(path, name), $"must be an object, not {Describe(value)}");
    }

    public static JsonElement RequireArray(JsonElement parent, string name, string path)
    {
        var value = Require(parent, name, path);
        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw new EventValidationException(Join(path, name), $"must be an array, not {Describe(value)}");
    }

    /// <summary>Ids become tenant ids, label values and URL parts: a DNS label (lower-case, digits, '-'), at most 63 characters.</summary>
    public static string RequireDnsLabel(JsonElement parent, string name, string path)
    {
        var text = RequireString(parent, name, path);
        return DnsLabel().IsMatch(text)
            ? text
            : throw new EventValidationException(
                Join(path, name),
                $"'{Truncate(text)}' is not a valid id: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters");
    }

    public static DateTimeOffset RequireTimestamp(JsonElement parent, string name, string path)
    {
        var text = RequireString(parent, name, path);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : throw new EventValidationException(Join(path, name), $"'{Truncate(text)}' is not an RFC 3339 timestamp");
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static JsonElement Require(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new EventValidationException(Join(path, name), "is required");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
