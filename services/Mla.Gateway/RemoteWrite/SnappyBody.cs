using Snappier;

namespace Mla.Gateway.RemoteWrite;

/// <summary>The snappy block format of remote write (the framed stream format must not be used).</summary>
public static class SnappyBody
{
    /// <summary>The start of a framed snappy stream: chunk type 0xff, length 6, "sNaPpY".</summary>
    private static ReadOnlySpan<byte> StreamIdentifier => [0xff, 0x06, 0x00, 0x00, (byte)'s', (byte)'N', (byte)'a', (byte)'P', (byte)'p', (byte)'Y'];

    public static bool TryGetUncompressedLength(ReadOnlySpan<byte> body, out int length, out string? error)
    {
        length = 0;
        if (body.StartsWith(StreamIdentifier))
        {
            error = "the body is in snappy's framed (stream) format; remote write uses the block format";
            return false;
        }

        try
        {
            length = Snappy.GetUncompressedLength(body);
            error = length < 0 ? "the body is not a snappy block: negative length" : null;
            return error is null;
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            error = $"the body is not a snappy block: {ex.Message}";
            return false;
        }
    }

    public static bool TryDecompress(ReadOnlySpan<byte> body, Span<byte> destination, out string? error)
    {
        try
        {
            var written = Snappy.Decompress(body, destination);
            error = written == destination.Length ? null : $"the snappy block holds {written} bytes, not the {destination.Length} its header says";
            return error is null;
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            error = $"the body is not a valid snappy block: {ex.Message}";
            return false;
        }
    }
}
