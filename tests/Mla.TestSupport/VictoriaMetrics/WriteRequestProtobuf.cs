using System.Buffers.Binary;
using System.Text;

namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>
/// A tiny protobuf writer and reader for Prometheus remote-write 1.0 <c>WriteRequest</c> (CONTRACTS.md §3.1):
/// <c>WriteRequest{timeseries=1}</c>, <c>TimeSeries{labels=1, samples=2}</c>, <c>Label{name=1, value=2}</c>,
/// <c>Sample{value=1 double, timestamp=2 int64}</c>. Tests build gateway-like records with it (snappy block on top).
/// </summary>
public static class WriteRequestProtobuf
{
    public static byte[] Encode(IEnumerable<RemoteWriteSeries> series)
    {
        using var output = new MemoryStream();
        foreach (var one in series)
        {
            WriteBytes(output, 1, EncodeSeries(one));
        }

        return output.ToArray();
    }

    /// <summary>Reads a WriteRequest; fields other than labels and samples are skipped.</summary>
    public static IReadOnlyList<RemoteWriteSeries> Decode(ReadOnlySpan<byte> protobuf)
    {
        var result = new List<RemoteWriteSeries>();
        var position = 0;
        while (position < protobuf.Length)
        {
            var (field, wireType) = ReadTag(protobuf, ref position);
            if (field == 1 && wireType == 2)
            {
                result.Add(DecodeSeries(ReadLengthDelimited(protobuf, ref position)));
            }
            else
            {
                Skip(protobuf, ref position, wireType);
            }
        }

        return result;
    }

    private static byte[] EncodeSeries(RemoteWriteSeries series)
    {
        using var output = new MemoryStream();
        foreach (var (name, value) in series.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            using var label = new MemoryStream();
            WriteBytes(label, 1, Encoding.UTF8.GetBytes(name));
            WriteBytes(label, 2, Encoding.UTF8.GetBytes(value));
            WriteBytes(output, 1, label.ToArray());
        }

        var bits = new byte[8];
        foreach (var (value, timestamp) in series.Samples)
        {
            using var sample = new MemoryStream();
            WriteVarint(sample, (1 << 3) | 1);
            BinaryPrimitives.WriteDoubleLittleEndian(bits, value);
            sample.Write(bits);
            WriteVarint(sample, (2 << 3) | 0);
            WriteVarint(sample, (ulong)timestamp);
            WriteBytes(output, 2, sample.ToArray());
        }

        return output.ToArray();
    }

    private static RemoteWriteSeries DecodeSeries(ReadOnlySpan<byte> data)
    {
        var labels = new List<KeyValuePair<string, string>>();
        var samples = new List<(double, long)>();
        var position = 0;
        while (position < data.Length)
        {
            var (field, wireType) = ReadTag(data, ref position);
            if (field == 1 && wireType == 2)
            {
                var label = ReadLengthDelimited(data, ref position);
                string name = string.Empty, value = string.Empty;
                var p = 0;
                while (p < label.Length)
                {
                    var (f, w) = ReadTag(label, ref p);
                    if (w != 2)
                    {
                        Skip(label, ref p, w);
                        continue;
                    }

                    var text = Encoding.UTF8.GetString(ReadLengthDelimited(label, ref p));
                    (name, value) = f == 1 ? (text, value) : f == 2 ? (name, text) : (name, value);
                }

                labels.Add(new(name, value));
            }
            else if (field == 2 && wireType == 2)
            {
                var sample = ReadLengthDelimited(data, ref position);
                double value = 0;
                long timestamp = 0;
                var p = 0;
                while (p < sample.Length)
                {
                    var (f, w) = ReadTag(sample, ref p);
                    if (f == 1 && w == 1)
                    {
                        value = BinaryPrimitives.ReadDoubleLittleEndian(sample.Slice(p, 8));
                        p += 8;
                    }
                    else if (f == 2 && w == 0)
                    {
                        timestamp = (long)ReadVarint(sample, ref p);
                    }
                    else
                    {
                        Skip(sample, ref p, w);
                    }
                }

                samples.Add((value, timestamp));
            }
            else
            {
                Skip(data, ref position, wireType);
            }
        }

        return new RemoteWriteSeries(labels, samples);
    }

    private static void WriteBytes(Stream output, int field, byte[] bytes)
    {
        WriteVarint(output, (ulong)((field << 3) | 2));
        WriteVarint(output, (ulong)bytes.Length);
        output.Write(bytes);
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[position++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new FormatException("varint longer than 10 bytes");
    }

    private static (int Field, int WireType) ReadTag(ReadOnlySpan<byte> data, ref int position)
    {
        var tag = ReadVarint(data, ref position);
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    private static ReadOnlySpan<byte> ReadLengthDelimited(ReadOnlySpan<byte> data, ref int position)
    {
        var length = (int)ReadVarint(data, ref position);
        var slice = data.Slice(position, length);
        position += length;
        return slice;
    }

    private static void Skip(ReadOnlySpan<byte> data, ref int position, int wireType)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint(data, ref position);
                break;
            case 1:
                position += 8;
                break;
            case 2:
                ReadLengthDelimited(data, ref position);
                break;
            case 5:
                position += 4;
                break;
            default:
                throw new FormatException($"wire type {wireType} is not supported");
        }
    }
}
