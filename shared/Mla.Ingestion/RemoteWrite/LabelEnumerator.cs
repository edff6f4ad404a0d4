namespace Mla.Ingestion.RemoteWrite;

/// <summary>The labels of one TimeSeries (field 1), in the order they were sent; other fields are skipped.</summary>
public ref struct LabelEnumerator
{
    private const byte NameTag = (1 << 3) | (byte)ProtoWireType.LengthDelimited;
    private const byte ValueTag = (2 << 3) | (byte)ProtoWireType.LengthDelimited;

    private ProtoReader _reader;

    internal LabelEnumerator(ReadOnlySpan<byte> timeSeries, int origin)
    {
        _reader = new ProtoReader(timeSeries, origin, "TimeSeries");
        Current = default;
    }

    public LabelView Current { get; private set; }

    public readonly LabelEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_reader.TryReadTag(out var field, out var wireType))
        {
            if (field != 1)
            {
                _reader.SkipField(field, wireType);
                continue;
            }

            _reader.Expect(wireType, ProtoWireType.LengthDelimited, "TimeSeries.labels");
            var payload = _reader.ReadLengthDelimited(out var offset);
            Current = ReadLabel(payload, offset);
            return true;
        }

        return false;
    }

    private static LabelView ReadLabel(ReadOnlySpan<byte> payload, int origin)
    {
        // What every Prometheus sends: name (field 1), then value (field 2), each shorter than 128 bytes and nothing
        // else. Such a payload is read directly; any other (valid or not) goes through the general reader below.
        if (payload.Length >= 4 && payload[0] == NameTag)
        {
            int nameLength = payload[1];
            var valueTag = 2 + nameLength;
            if (nameLength < 0x80 && valueTag + 2 <= payload.Length && payload[valueTag] == ValueTag)
            {
                int valueLength = payload[valueTag + 1];
                if (valueLength < 0x80 && valueTag + 2 + valueLength == payload.Length)
                {
                    return new LabelView(payload.Slice(2, nameLength), payload.Slice(valueTag + 2, valueLength));
                }
            }
        }

        var reader = new ProtoReader(payload, origin, "Label");
        ReadOnlySpan<byte> name = default;
        ReadOnlySpan<byte> value = default;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(wireType, ProtoWireType.LengthDelimited, "Label.name");
                    name = reader.ReadLengthDelimited(out _);
                    break;
                case 2:
                    reader.Expect(wireType, ProtoWireType.LengthDelimited, "Label.value");
                    value = reader.ReadLengthDelimited(out _);
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new LabelView(name, value);
    }
}
