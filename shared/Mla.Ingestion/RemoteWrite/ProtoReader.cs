using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Mla.Ingestion.RemoteWrite;

/// <summary>
/// Reads the protobuf wire format from a span without allocating. Every malformed input (truncated data, a varint
/// longer than 10 bytes or over 64 bits, a length past the end, a bad tag or wire type, an unbalanced group) throws
/// <see cref="RemoteWriteFormatException"/> naming the message and the absolute byte offset.
/// </summary>
public ref struct ProtoReader
{
    private const int MaxGroupDepth = 32;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _origin;
    private readonly string _message;
    private int _position;

    /// <param name="data">The bytes of one message.</param>
    /// <param name="origin">Absolute offset of <paramref name="data"/> in the whole request, for error messages.</param>
    /// <param name="message">The message's name, for error messages (e.g. <c>TimeSeries</c>).</param>
    public ProtoReader(ReadOnlySpan<byte> data, int origin, string message)
    {
        _data = data;
        _origin = origin;
        _message = message;
        _position = 0;
    }

    public readonly bool IsAtEnd => _position >= _data.Length;

    /// <summary>Position relative to the start of the message.</summary>
    public readonly int Position => _position;

    /// <summary>Absolute offset of <see cref="Position"/> in the whole request.</summary>
    public readonly int AbsolutePosition => _origin + _position;

    /// <summary>Reads the next field tag; false at the end of the message.</summary>
    public bool TryReadTag(out int fieldNumber, out ProtoWireType wireType)
    {
        if (_position >= _data.Length)
        {
            fieldNumber = 0;
            wireType = default;
            return false;
        }

        var start = _position;
        var tag = ReadShortVarint("field tag");
        if (tag > uint.MaxValue)
        {
            throw Error(start, "field tag is larger than 32 bits");
        }

        fieldNumber = (int)(tag >> 3);
        wireType = (ProtoWireType)(tag & 7);
        if (fieldNumber == 0)
        {
            throw Error(start, "field number 0 is invalid");
        }

        if ((int)wireType > (int)ProtoWireType.Fixed32)
        {
            throw Error(start, $"wire type {(int)wireType} is invalid");
        }

        return true;
    }

    public ulong ReadVarint() => ReadShortVarint("varint");

    public ulong ReadFixed64()
    {
        if (_data.Length - _position < 8)
        {
            throw Error(_position, "truncated 64-bit value");
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    /// <summary>Reads a length-delimited payload; <paramref name="absoluteOffset"/> is where it starts in the request.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited(out int absoluteOffset)
    {
        var start = _position;
        var length = ReadShortVarint("length");
        var remaining = _data.Length - _position;
        if (length > (ulong)remaining)
        {
            throw Error(start, $"length {length} exceeds the {remaining} bytes left");
        }

        absoluteOffset = _origin + _position;
        var payload = _data.Slice(_position, (int)length);
        _position += (int)length;
        return payload;
    }

    /// <summary>Throws unless the field has the wire type its schema gives it.</summary>
    public readonly void Expect(ProtoWireType actual, ProtoWireType expected, string fieldName)
    {
        if (actual != expected)
        {
            throw Error(_position, $"field {fieldName} has wire type {(int)actual}, expected {(int)expected}");
        }
    }

    /// <summary>Skips the value of a field whose tag was just read, checking its structure.</summary>
    public void SkipField(int fieldNumber, ProtoWireType wireType) => SkipField(fieldNumber, wireType, 0);

    /// <summary>Walks every field of the rest of the message, checking only its wire structure.</summary>
    public void SkipToEnd()
    {
        while (TryReadTag(out var field, out var wireType))
        {
            SkipField(field, wireType);
        }
    }

    private void SkipField(int fieldNumber, ProtoWireType wireType, int depth)
    {
        switch (wireType)
        {
            case ProtoWireType.Varint:
                ReadShortVarint("varint");
                break;
            case ProtoWireType.Fixed64:
                Advance(8, "64-bit value");
                break;
            case ProtoWireType.LengthDelimited:
                ReadLengthDelimited(out _);
                break;
            case ProtoWireType.Fixed32:
                Advance(4, "32-bit value");
                break;
            case ProtoWireType.StartGroup:
                SkipGroup(fieldNumber, depth + 1);
                break;
            default:
                throw Error(_position, $"end-group tag of field {fieldNumber} without a start");
        }
    }

    private void SkipGroup(int fieldNumber, int depth)
    {
        if (depth > MaxGroupDepth)
        {
            throw Error(_position, $"groups nested deeper than {MaxGroupDepth}");
        }

        while (TryReadTag(out var field, out var wireType))
        {
            if (wireType == ProtoWireType.EndGroup)
            {
                if (field != fieldNumber)
                {
                    throw Error(_position, $"end-group tag of field {field} closes the group of field {fieldNumber}");
                }

                return;
            }

            SkipField(field, wireType, depth);
        }

        throw Error(_position, $"group of field {fieldNumber} is not closed");
    }

    private void Advance(int count, string what)
    {
        if (_data.Length - _position < count)
        {
            throw Error(_position, $"truncated {what}");
        }

        _position += count;
    }

    /// <summary>
    /// One- and two-byte varints (tags, the lengths of labels, samples and series) are by far the most common: read
    /// inline; longer or truncated ones take <see cref="ReadVarint(string)"/>, which checks every case.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ReadShortVarint(string what)
    {
        var position = _position;
        var data = _data;
        if ((uint)position < (uint)data.Length)
        {
            var first = data[position];
            if (first < 0x80)
            {
                _position = position + 1;
                return first;
            }

            if ((uint)(position + 1) < (uint)data.Length && data[position + 1] is var second && second < 0x80)
            {
                _position = position + 2;
                return (first & 0x7fUL) | ((ulong)second << 7);
            }
        }

        return ReadVarint(what);
    }

    private ulong ReadVarint(string what)
    {
        var start = _position;
        ulong result = 0;
        for (var i = 0; i < 10; i++)
        {
            if (_position >= _data.Length)
            {
                throw Error(start, $"truncated {what}");
            }

            var b = _data[_position++];
            if (i == 9 && b > 1)
            {
                throw Error(start, $"{what} overflows 64 bits");
            }

            result |= (ulong)(b & 0x7f) << (7 * i);
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Error(start, $"{what} is longer than 10 bytes");
    }

    private readonly RemoteWriteFormatException Error(int position, string reason) =>
        new($"invalid {_message}: {reason} at byte {_origin + position}", _origin + position);
}
