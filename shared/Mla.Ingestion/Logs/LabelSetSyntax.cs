using System.Globalization;
using System.Text;

namespace Mla.Ingestion.Logs;

/// <summary>
/// The label-set string of a Loki stream, <c>{app="x", env="prod"}</c>: parsing (double-quoted values with Go
/// escapes, or back-quoted raw values; only <c>=</c>) and the canonical form (sorted by name, <c>", "</c> between
/// pairs, values double-quoted with <c>\\ \" \n \t \r</c> escaped).
/// </summary>
public static class LabelSetSyntax
{
    public static bool TryParse(string text, out List<LogLabel> labels, out string? error)
    {
        labels = [];
        var i = SkipSpace(text, 0);
        if (i >= text.Length || text[i] != '{')
        {
            error = "a label set starts with '{'";
            return false;
        }

        i = SkipSpace(text, i + 1);
        if (i < text.Length && text[i] == '}')
        {
            return End(text, i + 1, out error);
        }

        while (true)
        {
            var nameStart = i;
            while (i < text.Length && IsNameChar(text[i], i == nameStart))
            {
                i++;
            }

            if (i == nameStart)
            {
                error = $"expected a label name at position {i}";
                return false;
            }

            var name = text[nameStart..i];
            i = SkipSpace(text, i);
            if (i >= text.Length || text[i] != '=' || (i + 1 < text.Length && text[i + 1] == '~'))
            {
                error = $"expected '=' after label name '{name}' (only equality is allowed in a stream's labels)";
                return false;
            }

            i = SkipSpace(text, i + 1);
            if (!TryReadValue(text, ref i, out var value, out error))
            {
                return false;
            }

            labels.Add(new LogLabel(name, value));
            i = SkipSpace(text, i);
            if (i < text.Length && text[i] == ',')
            {
                i = SkipSpace(text, i + 1);
                if (i < text.Length && text[i] == '}')
                {
                    return End(text, i + 1, out error);
                }

                continue;
            }

            if (i < text.Length && text[i] == '}')
            {
                return End(text, i + 1, out error);
            }

            error = $"expected ',' or '}}' at position {i}";
            return false;
        }
    }

    /// <summary>The canonical label-set string (labels sorted by name, ordinal).</summary>
    public static string Format(IEnumerable<LogLabel> labels)
    {
        var text = new StringBuilder("{");
        var first = true;
        foreach (var label in labels.OrderBy(l => l.Name, StringComparer.Ordinal))
        {
            if (!first)
            {
                text.Append(", ");
            }

            first = false;
            text.Append(label.Name).Append("=\"");
            AppendEscaped(text, label.Value);
            text.Append('"');
        }

        return text.Append('}').ToString();
    }

    public static bool IsValidName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (!IsNameChar(name[i], i == 0))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNameChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (!first && c is >= '0' and <= '9');

    private static void AppendEscaped(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append("\\n"),
                '\t' => text.Append("\\t"),
                '\r' => text.Append("\\r"),
                _ when char.IsControl(c) => text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool End(string text, int i, out string? error)
    {
        i = SkipSpace(text, i);
        error = i == text.Length ? null : $"unexpected text after '}}' at position {i}";
        return error is null;
    }

    private static bool TryReadValue(string text, ref int i, out string value, out string? error)
    {
        value = "";
        if (i >= text.Length || text[i] is not ('"' or '`'))
        {
            error = $"expected a quoted label value at position {i}";
            return false;
        }

        var quote = text[i++];
        var builder = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i++];
            if (c == quote)
            {
                value = builder.ToString();
                error = null;
                return true;
            }

            if (c == '\\' && quote == '"')
            {
                if (!TryUnescape(text, ref i, builder, out error))
                {
                    return false;
                }

                continue;
            }

            if (c == '\n' && quote == '"')
            {
                break;
            }

            builder.Append(c);
        }

        error = "unterminated label value";
        return false;
    }

    private static bool TryUnescape(string text, ref int i, StringBuilder builder, out string? error)
    {
        error = null;
        if (i >= text.Length)
        {
            error = "unterminated escape sequence";
            return false;
        }

        var c = text[i++];
        switch (c)
        {
            case '"' or '\\' or '\'':
                builder.Append(c);
                return true;
            case 'n':
                builder.Append('\n');
                return true;
            case 't':
                builder.Append('\t');
                return true;
            case 'r':
                builder.Append('\r');
                return true;
            case 'a':
                builder.Append('\a');
                return true;
            case 'b':
                builder.Append('\b');
                return true;
            case 'f':
                builder.Append('\f');
                return true;
            case 'v':
                builder.Append('\v');
                return true;
            case 'x':
                return TryHex(text, ref i, 2, builder, out error);
            case 'u':
                return TryHex(text, ref i, 4, builder, out error);
            case 'U':
                return TryHex(text, ref i, 8, builder, out error);
            default:
                error = $"invalid escape sequence '\\{c}'";
                return false;
        }
    }

    private static bool TryHex(string text, ref int i, int digits, StringBuilder builder, out string? error)
    {
        if (i + digits > text.Length
            || !int.TryParse(text.AsSpan(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
        {
            error = "invalid hexadecimal escape sequence";
            return false;
        }

        i += digits;
        builder.Append(char.ConvertFromUtf32(code));
        error = null;
        return true;
    }
}
