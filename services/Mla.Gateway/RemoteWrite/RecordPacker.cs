using System.Buffers;
using Mla.Ingestion.RemoteWrite;
using Snappier;

namespace Mla.Gateway.RemoteWrite;

/// <summary>
/// Re-emits a request without its rejected series, split at series boundaries into records whose compressed size
/// is at most <c>maxRecordBytes</c>. Fields are copied as they are (metadata included), never re-encoded.
/// </summary>
public static class RecordPacker
{
    /// <summary>The most uncompressed bytes whose snappy block is sure to fit (worst case 32 + n + n/6).</summary>
    public static int ChunkLimit(int maxRecordBytes) => (int)((maxRecordBytes - 32L) * 6 / 7);

    /// <param name="request">The decompressed request (already validated).</param>
    /// <param name="rejectedStarts">Start offsets of the rejected series, ascending; null when none.</param>
    /// <param name="maxRecordBytes">Largest record value.</param>
    /// <param name="records">The records, in request order.</param>
    /// <returns>False when one series alone does not fit in a record.</returns>
    public static bool TryPack(ReadOnlySpan<byte> request, IReadOnlyList<int>? rejectedStarts, int maxRecordBytes, out List<PushRecord> records)
    {
        records = [];
        var chunkLimit = ChunkLimit(maxRecordBytes);
        using var chunk = new WriteRequestWriter(Math.Min(request.Length, chunkLimit) + 16);
        var chunkSamples = 0;
        var chunkSeries = 0;
        var nextRejected = 0;
        var reader = new WriteRequestReader(request);
        while (reader.TryReadField(out var field))
        {
            if (field.IsTimeSeries && rejectedStarts is not null && nextRejected < rejectedStarts.Count && rejectedStarts[nextRejected] == field.Start)
            {
                nextRejected++;
                continue;
            }

            if (chunk.Length > 0 && chunk.Length + field.Length > chunkLimit)
            {
                if (!TryFlush(chunk, chunkSamples, chunkSeries, maxRecordBytes, records))
                {
                    return false;
                }

                chunkSamples = 0;
                chunkSeries = 0;
            }

            chunk.AppendRawField(request.Slice(field.Start, field.Length));
            if (field.IsTimeSeries)
            {
                chunkSeries++;
                chunkSamples += CountSamples(field.Series);
            }
        }

        return TryFlush(chunk, chunkSamples, chunkSeries, maxRecordBytes, records);
    }

    private static bool TryFlush(WriteRequestWriter chunk, int samples, int series, int maxRecordBytes, List<PushRecord> records)
    {
        if (series == 0)
        {
            // Only metadata (or nothing) left: not worth a record of its own.
            chunk.Clear();
            return true;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Snappy.GetMaxCompressedLength(chunk.Length));
        try
        {
            var length = Snappy.Compress(chunk.WrittenSpan, buffer);
            if (length > maxRecordBytes)
            {
                return false;
            }

            records.Add(new PushRecord(buffer.AsSpan(0, length).ToArray(), samples));
            chunk.Clear();
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int CountSamples(in TimeSeriesView series)
    {
        var count = 0;
        var samples = series.Samples;
        while (samples.MoveNext())
        {
            count++;
        }

        if (samples.SawHistograms)
        {
            foreach (var _ in series.HistogramTimestamps)
            {
                count++;
            }
        }

        return count;
    }
}
