using System.Globalization;
using System.Text.Json;

namespace Mla.Ingestion.Logs;

/// <summary>Writes streams in the JSON form of a Loki push (what <see cref="PushJsonReader"/> reads).</summary>
public static class PushJsonWriter
{
    public static byte[] Encode(IEnumerable<(IReadOnlyList<LogLabel> Labels, IReadOnlyList<LogEntry> Entries)> streams)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("streams");
            foreach (var (labels, entries) in streams)
            {
                json.WriteStartObject();
                json.WriteStartObject("stream");
                foreach (var label in labels)
                {
                    json.WriteString(label.Name, label.Value);
                }

                json.WriteEndObject();
                json.WriteStartArray("values");
                foreach (var entry in entries)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(entry.TimestampNs.ToString(CultureInfo.InvariantCulture));
                    json.WriteStringValue(entry.Line);
                    if (entry.Metadata.Count > 0)
                    {
                        json.WriteStartObject();
                        foreach (var pair in entry.Metadata)
                        {
                            json.WriteString(pair.Name, pair.Value);
                        }

                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
