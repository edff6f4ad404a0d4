using Google.Protobuf;

namespace Mla.Gateway.Tests.Support;

/// <summary>
/// Protobuf bytes written with Google.Protobuf's own encoder, field by field: an independent encoder for the codec's
/// tests, and a way to write what the codec's encoder never would (invalid UTF-8, groups, unknown fields).
/// </summary>
internal sealed class RawMessage
{
    private readonly MemoryStream _stream = new();
    private readonly CodedOutputStream _output;

    public RawMessage() => _output = new CodedOutputStream(_stream, leaveOpen: true);

    public RawMessage Bytes(int field, byte[] value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public RawMessage String(int field, string value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteString(value);
        return this;
    }

    public RawMessage Message(int field, RawMessage message) => Bytes(field, message.ToArray());

    public RawMessage Double(int field, double value)
    {
        _output.WriteTag(field, WireFormat.WireType.Fixed64);
        _output.WriteDouble(value);
        return this;
    }

    public RawMessage Int64(int field, long value)
    {
        _output.WriteTag(field, WireFormat.WireType.Varint);
        _output.WriteInt64(value);
        return this;
    }

    public RawMessage Fixed32(int field, uint value)
    {
        _output.WriteTag(field, WireFormat.WireType.Fixed32);
        _output.WriteFixed32(value);
        return this;
    }

    public RawMessage Group(int field, RawMessage inner)
    {
        _output.WriteTag(field, WireFormat.WireType.StartGroup);
        _output.Flush();
        _stream.Write(inner.ToArray());
        _output.WriteTag(field, WireFormat.WireType.EndGroup);
        return this;
    }

    /// <summary>Appends bytes as they are (for malformed input).</summary>
    public RawMessage Raw(params byte[] bytes)
    {
        _output.Flush();
        _stream.Write(bytes);
        return this;
    }

    public byte[] ToArray()
    {
        _output.Flush();
        return _stream.ToArray();
    }

    public static RawMessage Label(string name, string value) => new RawMessage().String(1, name).String(2, value);

    public static RawMessage Label(byte[] name, byte[] value) => new RawMessage().Bytes(1, name).Bytes(2, value);

    public static RawMessage Sample(double value, long timestampMs) => new RawMessage().Double(1, value).Int64(2, timestampMs);
}
