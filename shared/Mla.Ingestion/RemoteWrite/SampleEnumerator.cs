namespace Mla.Ingestion.RemoteWrite;

/// <summary>The float samples of one TimeSeries (field 2); absent fields are proto3 defaults (0).</summary>
public ref struct SampleEnumerator
{
    private const byte ValueTag = (1 << 3) | (byte)ProtoWireType.Fixed64;
    private const byte TimestampTag = (2 << 3) | (byte)ProtoWireType.Varint;

    private ProtoReader _reader;

    internal SampleEnumerator(ReadOnlySpan<byte> timeSeries, int origin)
    {
        _reader = new ProtoReader(timeSeries, origin, "TimeSeries");
        Current = default;
    }

    public RemoteWriteSample Current { get; private set; }

    /// <summary>After the enumeration: the series also has native histograms (field 4).</summary>
    public bool SawHistograms { get; private set; }

    /// <summary>After the enumeration: the series also has exemplars (field 3).</summary>
    public bool SawExemplars { get; private set; }

    public readonly SampleEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_reader.TryReadTag(out var field, out var wireType))
        {
            if (field != 2)
            {
                SawExemplars |= field == 3;
                SawHistograms |= field == 4;
                _reader.SkipField(field, wireType);
                continue;
            }

            _reader.Expect(wireType, ProtoWireType.LengthDelimited, "TimeSeries.samples");
            var payload = _reader.ReadLengthDelimited(out var offset);
            Current = ReadSample(payload, offset);
            return true;
        }

        return false;
    }

    private static RemoteWriteSample ReadSample(ReadOnlySpan<byte> payload, int origin)
    {
        // What every Prometheus sends: value (field 1, 8 bytes), then a timestamp (field 2) of this era (6 bytes).
        // Such a payload is read directly; any other (valid or not) goes through the general reader below.
        if (payload.Length == 16 && payload[0] == ValueTag && payload[9] == TimestampTag
            && (payload[10] & payload[11] & payload[12] & payload[13] & payload[14] & 0x80) != 0 && payload[15] < 0x80)
        {
            var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(payload[1..]);
            long sixBytes = 0;
            for (var i = 5; i >= 0; i--)
            {
                sixBytes = (sixBytes << 7) | (payload[10 + i] & 0x7fL);
            }

            return new RemoteWriteSample(BitConverter.UInt64BitsToDouble(bits), sixBytes);
        }

        var reader = new ProtoReader(payload, origin, "Sample");
        ulong valueBits = 0;
        long timestamp = 0;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wireType, ProtoWireType.Fixed64, "Sample.value");
                    valueBits = reader.ReadFixed64();
                    break;
                case 2:
                    reader.Expect(wireType, ProtoWireType.Varint, "Sample.timestamp");
                    timestamp = (long)reader.ReadVarint();
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new RemoteWriteSample(BitConverter.UInt64BitsToDouble(valueBits), timestamp);
    }
}
