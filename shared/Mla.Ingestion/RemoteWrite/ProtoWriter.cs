using System.Buffers.Binary;

namespace Mla.Ingestion.RemoteWrite;

/// <summary>
/// The few protobuf encoding primitives <see cref="WriteRequestWriter"/> needs; the varint is also snappy's length
/// preamble (the same unsigned LEB128), which the writer uses when it joins snappy blocks.
/// </summary>
public static class ProtoWriter
{
    public static int VarintLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    public static int WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    public static int WriteTag(Span<byte> destination, int fieldNumber, ProtoWireType wireType) =>
        WriteVarint(destination, ((ulong)(uint)fieldNumber << 3) | (uint)wireType);

    public static int WriteFixed64(Span<byte> destination, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, value);
        return 8;
    }

    /// <summary>Size of a length-delimited field with a one-byte tag.</summary>
    public static int LengthDelimitedSize(int payloadLength) => 1 + VarintLength((ulong)payloadLength) + payloadLength;
}
