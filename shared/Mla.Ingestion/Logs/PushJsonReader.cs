using System.Globalization;
using System.Text.Json;

namespace Mla.Ingestion.Logs;

/// <summary>
/// Decodes the JSON form of a Loki push: <c>{"streams":[{"stream":{"l":"v"},"values":[["&lt;ns&gt;","line"],
/// ["&lt;ns&gt;","line",{"k":"v"}]]}]}</c>. Timestamps are Unix nanoseconds as strings; the optional third element
/// is structured metadata (a flat string object). The labels become the canonical label-set string (duplicates
/// kept, for validation to refuse). Malformed input throws <see cref="LogFormatException"/>.
/// </summary>
public static class PushJsonReader
{
    public static List<LogStreamEntries> Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            var streams = new List<LogStreamEntries>();
            Next(ref reader, JsonTokenType.StartObject, "the body");
            while (Read(ref reader) != JsonTokenType.EndObject)
            {
                var property = reader.GetString();
                if (property == "streams")
                {
                    Next(ref reader, JsonTokenType.StartArray, "'streams'");
                    while (Read(ref reader) != JsonTokenType.EndArray)
                    {
                        Expect(ref reader, JsonTokenType.StartObject, "a stream");
                        streams.Add(ReadStream(ref reader));
                    }
                }
                else
                {
                    Read(ref reader);
                    reader.Skip();
                }
            }

            if (Read(ref reader, allowEnd: true) != JsonTokenType.None)
            {
                throw new LogFormatException("unexpected data after the JSON object");
            }

            return streams;
        }
        catch (JsonException ex)
        {
            throw new LogFormatException($"the body is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // GetString on a string that is not valid UTF-8.
            throw new LogFormatException($"the body is not valid JSON: {ex.Message}", ex);
        }
    }

    private static LogStreamEntries ReadStream(ref Utf8JsonReader reader)
    {
        var labels = new List<LogLabel>();
        var entries = new List<LogEntry>();
        while (Read(ref reader) != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            switch (property)
            {
                case "stream":
                    Next(ref reader, JsonTokenType.StartObject, "'stream'");
                    labels = ReadFlatObject(ref reader, "'stream'");
                    break;
                case "values":
                    Next(ref reader, JsonTokenType.StartArray, "'values'");
                    while (Read(ref reader) != JsonTokenType.EndArray)
                    {
                        Expect(ref reader, JsonTokenType.StartArray, "a value");
                        entries.Add(ReadEntry(ref reader));
                    }

                    break;
                default:
                    Read(ref reader);
                    reader.Skip();
                    break;
            }
        }

        return new LogStreamEntries(LabelSetSyntax.Format(labels), entries);
    }

    private static LogEntry ReadEntry(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.String, "a value's timestamp");
        var text = reader.GetString()!;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            throw new LogFormatException($"timestamp '{Cut(text)}' is not a number of Unix nanoseconds");
        }

        Next(ref reader, JsonTokenType.String, "a value's line");
        var line = reader.GetString()!;
        var metadata = LogEntry.NoMetadata;
        var token = Read(ref reader);
        if (token == JsonTokenType.StartObject)
        {
            metadata = ReadFlatObject(ref reader, "structured metadata");
            token = Read(ref reader);
        }

        if (token != JsonTokenType.EndArray)
        {
            throw new LogFormatException("a value has more than a timestamp, a line and structured metadata");
        }

        return new LogEntry(timestamp, line, metadata);
    }

    private static List<LogLabel> ReadFlatObject(ref Utf8JsonReader reader, string what)
    {
        var pairs = new List<LogLabel>();
        while (Read(ref reader) != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            Next(ref reader, JsonTokenType.String, $"the value of '{Cut(name)}' in {what}");
            pairs.Add(new LogLabel(name, reader.GetString()!));
        }

        return pairs;
    }

    private static JsonTokenType Read(ref Utf8JsonReader reader, bool allowEnd = false)
    {
        if (!reader.Read())
        {
            return allowEnd ? JsonTokenType.None : throw new LogFormatException("the JSON body ends too early");
        }

        return reader.TokenType;
    }

    private static void Next(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        Read(ref reader);
        Expect(ref reader, expected, what);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (reader.TokenType != expected)
        {
            throw new LogFormatException($"{what} must be {Name(expected)}, not {Name(reader.TokenType)} (at byte {reader.TokenStartIndex})");
        }
    }

    private static string Name(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Cut(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}
