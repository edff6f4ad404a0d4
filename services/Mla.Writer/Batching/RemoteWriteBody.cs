using Snappier;

namespace Mla.Writer.Batching;

/// <summary>
/// The body of a write: protobuf messages concatenated are one message whose repeated fields are joined, so the
/// WriteRequests of several records of a tenant, concatenated, are one valid WriteRequest; then snappy block.
/// </summary>
public static class RemoteWriteBody
{
    public static byte[] For(IReadOnlyList<HeldRecord> records)
    {
        if (records.Count == 1)
        {
            return records[0].Compressed;
        }

        var length = records.Sum(r => (long)r.Protobuf.Length);
        var merged = new byte[length];
        var offset = 0;
        foreach (var record in records)
        {
            record.Protobuf.CopyTo(merged, offset);
            offset += record.Protobuf.Length;
        }

        return Snappy.CompressToArray(merged);
    }
}
