using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mla.Exporters.Rendering;

/// <summary>
/// Writes a JSON tree as block-style YAML, byte for byte the same for the same tree: keys in the tree's order, two
/// spaces of indentation, LF line ends, multi-line strings as literal blocks, strings quoted (JSON style) wherever a
/// plain scalar could be read as something else (a number, a boolean, null, a key, a comment).
/// </summary>
public static class YamlText
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", "",
    };

    public static string Write(JsonNode node)
    {
        var text = new StringBuilder();
        WriteValue(text, node, 0, inSequence: false);
        return text.ToString();
    }

    private static void WriteValue(StringBuilder text, JsonNode? node, int indent, bool inSequence)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                WriteObject(text, obj, indent, firstLineInline: inSequence);
                break;
            case JsonArray array when array.Count > 0:
                WriteArray(text, array, indent);
                break;
            default:
                text.Append(Scalar(node, indent)).Append('\n');
                break;
        }
    }

    private static void WriteObject(StringBuilder text, JsonObject obj, int indent, bool firstLineInline)
    {
        var first = true;
        foreach (var (key, value) in obj)
        {
            if (!(first && firstLineInline))
            {
                text.Append(' ', indent);
            }

            first = false;
            text.Append(Key(key)).Append(':');
            if (value is JsonObject { Count: > 0 } child)
            {
                text.Append('\n');
                WriteObject(text, child, indent + 2, firstLineInline: false);
            }
            else if (value is JsonArray { Count: > 0 } list)
            {
                text.Append('\n');
                WriteArray(text, list, indent + 2);
            }
            else
            {
                text.Append(' ').Append(Scalar(value, indent + 2)).Append('\n');
            }
        }
    }

    private static void WriteArray(StringBuilder text, JsonArray array, int indent)
    {
        foreach (var item in array)
        {
            text.Append(' ', indent).Append("- ");
            if (item is JsonArray { Count: > 0 } nested)
            {
                text.Append('\n');
                WriteArray(text, nested, indent + 2);
            }
            else
            {
                WriteValue(text, item, indent + 2, inSequence: true);
            }
        }
    }

    private static string Key(string key) => IsPlain(key) ? key : Quote(key);

    private static string Scalar(JsonNode? node, int indent)
    {
        switch (node)
        {
            case null:
                return "null";
            case JsonObject:
                return "{}";
            case JsonArray:
                return "[]";
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.String => StringScalar(node.GetValue<string>(), indent),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => node.ToJsonString(),
            _ => "null",
        };
    }

    private static string StringScalar(string value, int indent)
    {
        if (value.Contains('\n', StringComparison.Ordinal) && IsBlockSafe(value))
        {
            var chomp = value.EndsWith('\n') ? "|" : "|-";
            var body = value.EndsWith('\n') ? value[..^1] : value;
            var block = new StringBuilder(chomp);
            foreach (var line in body.Split('\n'))
            {
                block.Append('\n');
                if (line.Length > 0)
                {
                    block.Append(' ', indent).Append(line);
                }
            }

            return block.ToString();
        }

        return IsPlain(value) ? value : Quote(value);
    }

    /// <summary>A literal block keeps the text exactly when no line ends in blanks, no line starts with a tab and it does not end in two line breaks.</summary>
    private static bool IsBlockSafe(string value) =>
        !value.EndsWith("\n\n", StringComparison.Ordinal)
        && !value.StartsWith(' ')
        && !value.Contains('\t', StringComparison.Ordinal)
        && !value.Contains('\r', StringComparison.Ordinal)
        && value.Split('\n').All(line => line.Length == 0 || !char.IsWhiteSpace(line[^1]));

    private static bool IsPlain(string value)
    {
        if (Reserved.Contains(value) || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            || value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || value.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // YAML 1.1 readers take 1:20 for a base-60 number.
        if (char.IsAsciiDigit(value[0]) && value.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        if (!char.IsAsciiLetterOrDigit(value[0]) && value[0] is not ('/' or '_' or '.'))
        {
            return false;
        }

        if (value.EndsWith(' ') || value.EndsWith(':') || value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '@' or ' ' or '=' or '+' or '(' or ')' or '|' or '$' or '^' or ';'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value, QuoteOptions);

    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
