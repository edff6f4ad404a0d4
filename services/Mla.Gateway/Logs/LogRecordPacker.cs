using Mla.Gateway.RemoteWrite;
using Mla.Ingestion.Logs;
using Mla.Ingestion.RemoteWrite;
using Snappier;

namespace Mla.Gateway.Logs;

/// <summary>
/// Packs accepted streams into Kafka records (snappy-compressed PushRequests) of at most <c>maxRecordBytes</c>,
/// splitting between streams and, for a stream too large for one record, between its entries.
/// </summary>
public static class LogRecordPacker
{
    /// <returns>False when one entry alone does not fit in a record.</returns>
    public static bool TryPack(IReadOnlyList<LogStreamEntries> streams, int maxRecordBytes, out List<PushRecord> records)
    {
        records = [];
        var limit = RecordPacker.ChunkLimit(maxRecordBytes);
        var chunk = new List<LogStreamEntries>();
        var chunkBytes = 0;
        var chunkEntries = 0;
        foreach (var stream in streams)
        {
            foreach (var part in Split(stream, limit))
            {
                var size = PushRequestWriter.StreamFieldSize(part);
                if (size > limit)
                {
                    return false;
                }

                if (chunkBytes + size > limit)
                {
                    records.Add(Record(chunk, chunkEntries));
                    chunk.Clear();
                    chunkBytes = 0;
                    chunkEntries = 0;
                }

                chunk.Add(part);
                chunkBytes += size;
                chunkEntries += part.Entries.Count;
            }
        }

        if (chunk.Count > 0)
        {
            records.Add(Record(chunk, chunkEntries));
        }

        return true;
    }

    private static PushRecord Record(List<LogStreamEntries> streams, int entries) =>
        new(Snappy.CompressToArray(PushRequestWriter.Encode(streams)), entries);

    /// <summary>The stream as it is when it fits, else runs of its entries that do (a run of one entry may still not fit).</summary>
    private static IEnumerable<LogStreamEntries> Split(LogStreamEntries stream, int limit)
    {
        if (PushRequestWriter.StreamFieldSize(stream) <= limit)
        {
            yield return stream;
            yield break;
        }

        var labelsSize = PushRequestWriter.LabelsFieldSize(stream.Labels);
        var run = new List<LogEntry>();
        var payload = labelsSize;
        foreach (var entry in stream.Entries)
        {
            var entrySize = PushRequestWriter.EntryFieldSize(entry);
            if (run.Count > 0 && ProtoWriter.LengthDelimitedSize(payload + entrySize) > limit)
            {
                yield return new LogStreamEntries(stream.Labels, [.. run]);
                run.Clear();
                payload = labelsSize;
            }

            run.Add(entry);
            payload += entrySize;
        }

        yield return new LogStreamEntries(stream.Labels, run);
    }
}
