using Confluent.Kafka;

namespace Mla.Writer.Batching;

/// <summary>
/// A consumed record the writer holds until the sink accepted it or it went to the dead-letter topic; then
/// <see cref="Complete"/> tells its partition's progress that the offset no longer holds the commit back.
/// </summary>
public sealed class HeldRecord(ConsumeResult<byte[]?, byte[]?> source, string tenant, int uncompressedLength, long samples, Action? onComplete = null)
{
    private bool _released;

    public ConsumeResult<byte[]?, byte[]?> Source { get; } = source;

    public TopicPartitionOffset Position => Source.TopicPartitionOffset;

    public string Tenant { get; } = tenant;

    /// <summary>The length of the record's content (a protobuf message) once decompressed: what batch sizes count.</summary>
    public int UncompressedLength { get; } = uncompressedLength;

    /// <summary>The record value as it came: a snappy block, sent as it is when the record travels alone.</summary>
    public byte[] Compressed => Source.Message.Value ?? [];

    /// <summary>Samples in the record per its <c>mla-samples</c> header; 0 when absent.</summary>
    public long Samples { get; } = samples;

    /// <summary>Memory held for it: the record value as it came (it is never decompressed into memory of its own).</summary>
    public long Bytes => Compressed.Length;

    public bool IsDone { get; private set; }

    /// <summary>Counted out of the memory held (done, moved, or its partition revoked): true the first time only.</summary>
    public bool TryRelease()
    {
        if (_released)
        {
            return false;
        }

        _released = true;
        return true;
    }

    /// <summary>Written or dead-lettered: the offset may be committed. Idempotent.</summary>
    public void Complete()
    {
        if (!IsDone)
        {
            IsDone = true;
            onComplete?.Invoke();
        }
    }
}
