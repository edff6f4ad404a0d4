using System.Buffers;
using System.Text;
using Snappier;

namespace Mla.Ingestion.RemoteWrite;

/// <summary>
/// Builds a <c>WriteRequest</c> in a pooled buffer: either by copying top-level fields of another request unchanged
/// (how the gateway re-emits only the accepted series) or by encoding series (tests, benchmarks, tools).
/// </summary>
public sealed class WriteRequestWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public WriteRequestWriter(int initialCapacity = 4096) =>
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Copies an encoded top-level field (tag, length and payload) as it is.</summary>
    public void AppendRawField(ReadOnlySpan<byte> field)
    {
        field.CopyTo(Reserve(field.Length));
        _length += field.Length;
    }

    /// <summary>Encodes one TimeSeries with its labels (in the given order) and float samples.</summary>
    public void AppendTimeSeries(ReadOnlySpan<RemoteWriteLabel> labels, ReadOnlySpan<RemoteWriteSample> samples)
    {
        var payload = 0;
        foreach (var label in labels)
        {
            payload += ProtoWriter.LengthDelimitedSize(LabelSize(label));
        }

        foreach (var sample in samples)
        {
            payload += ProtoWriter.LengthDelimitedSize(SampleSize(sample));
        }

        var destination = Reserve(ProtoWriter.LengthDelimitedSize(payload));
        var at = ProtoWriter.WriteTag(destination, 1, ProtoWireType.LengthDelimited);
        at += ProtoWriter.WriteVarint(destination[at..], (ulong)payload);
        foreach (var label in labels)
        {
            at += ProtoWriter.WriteTag(destination[at..], 1, ProtoWireType.LengthDelimited);
            at += ProtoWriter.WriteVarint(destination[at..], (ulong)LabelSize(label));
            at += WriteString(destination[at..], 1, label.Name);
            at += WriteString(destination[at..], 2, label.Value);
        }

        foreach (var sample in samples)
        {
            at += ProtoWriter.WriteTag(destination[at..], 2, ProtoWireType.LengthDelimited);
            at += ProtoWriter.WriteVarint(destination[at..], (ulong)SampleSize(sample));
            at += ProtoWriter.WriteTag(destination[at..], 1, ProtoWireType.Fixed64);
            at += ProtoWriter.WriteFixed64(destination[at..], BitConverter.DoubleToUInt64Bits(sample.Value));
            at += ProtoWriter.WriteTag(destination[at..], 2, ProtoWireType.Varint);
            at += ProtoWriter.WriteVarint(destination[at..], (ulong)sample.TimestampMs);
        }

        _length += at;
    }

    /// <summary>The request compressed as one snappy block (the remote-write body).</summary>
    public byte[] ToSnappyArray() => Snappy.CompressToArray(WrittenSpan);

    public void Clear() => _length = 0;

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int LabelSize(RemoteWriteLabel label) =>
        ProtoWriter.LengthDelimitedSize(Encoding.UTF8.GetByteCount(label.Name))
        + ProtoWriter.LengthDelimitedSize(Encoding.UTF8.GetByteCount(label.Value));

    private static int SampleSize(RemoteWriteSample sample) => 1 + 8 + 1 + ProtoWriter.VarintLength((ulong)sample.TimestampMs);

    private static int WriteString(Span<byte> destination, int fieldNumber, string value)
    {
        var at = ProtoWriter.WriteTag(destination, fieldNumber, ProtoWireType.LengthDelimited);
        at += ProtoWriter.WriteVarint(destination[at..], (ulong)Encoding.UTF8.GetByteCount(value));
        return at + Encoding.UTF8.GetBytes(value, destination[at..]);
    }

    /// <summary>A span of at least <paramref name="count"/> bytes after the written ones, growing the buffer.</summary>
    private Span<byte> Reserve(int count)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        if (_buffer.Length - _length < count)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }

        return _buffer.AsSpan(_length);
    }
}
