using Mla.Ingestion.RemoteWrite;

namespace Mla.Writer.Batching;

/// <summary>
/// The body of a write: protobuf messages concatenated are one message whose repeated fields are joined, so the
/// WriteRequests of several records of a tenant, concatenated, are one valid WriteRequest, sent as a snappy block.
/// </summary>
/// <remarks>
/// The merged block is built from the records' own snappy blocks, without compressing again: a snappy block is a
/// varint of its uncompressed length followed by literal and copy elements, and a copy only reaches back into the
/// output of its own block (https://github.com/google/snappy/blob/main/format_description.txt). So the elements of
/// several blocks, one after the other under the sum of their lengths, decompress to the concatenation of their
/// contents. Each record's block was checked when it was read (<see cref="RecordReader"/>, <c>SnappyBlock</c>), without decompressing it.
/// </remarks>
public static class RemoteWriteBody
{
    public static byte[] For(IReadOnlyList<HeldRecord> records)
    {
        if (records.Count == 1)
        {
            return records[0].Compressed;
        }

        ulong uncompressed = 0;
        var elements = 0;
        foreach (var record in records)
        {
            uncompressed += (ulong)record.UncompressedLength;
            elements += record.Compressed.Length - PreambleLength(record.Compressed);
        }

        if (uncompressed > uint.MaxValue)
        {
            throw new ArgumentException($"a snappy block holds at most {uint.MaxValue} bytes; the batch has {uncompressed}", nameof(records));
        }

        var merged = new byte[ProtoWriter.VarintLength(uncompressed) + elements];
        var offset = ProtoWriter.WriteVarint(merged, uncompressed);
        foreach (var record in records)
        {
            var block = record.Compressed.AsSpan(PreambleLength(record.Compressed));
            block.CopyTo(merged.AsSpan(offset));
            offset += block.Length;
        }

        return merged;
    }

    /// <summary>The bytes of the block's leading varint (its uncompressed length).</summary>
    private static int PreambleLength(byte[] block)
    {
        var length = 0;
        while (length < block.Length && length < 5 && (block[length] & 0x80) != 0)
        {
            length++;
        }

        if (length >= block.Length || length == 5)
        {
            throw new ArgumentException("a record value is not a snappy block: its length preamble is malformed", nameof(block));
        }

        return length + 1;
    }
}
