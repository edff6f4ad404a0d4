using System.Buffers;
using System.IO.Compression;
using Microsoft.Net.Http.Headers;
using Mla.Gateway.Limits;
using Mla.Gateway.RemoteWrite;
using Mla.Ingestion.Logs;
using Mla.Ingestion.RemoteWrite;

namespace Mla.Gateway.Logs;

/// <summary>
/// Reads the three forms of a Loki push: protobuf in a snappy block (<c>application/x-protobuf</c>, Content-Encoding
/// none or <c>snappy</c>), JSON (<c>application/json</c>), and JSON compressed with <c>gzip</c> or <c>deflate</c>.
/// Decompression stops at <c>MaxDecompressedBytes</c> (413) and reserves what it holds in the in-flight budget, so a
/// bomb costs at most that much memory. Bad input ends in a failure, never in an exception.
/// </summary>
public static class LogBodyDecoder
{
    private static readonly string[] ProtobufTypes =
        ["application/x-protobuf", "application/protobuf", "application/vnd.google.protobuf", "application/octet-stream"];

    /// <summary>Checks the headers before the body is read: null when they are acceptable.</summary>
    public static PushResponse? CheckHeaders(string? contentType, string contentEncoding)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return PushResponse.Error(StatusCodes.Status400BadRequest, "missing_content_type", "Content-Type is required (application/json or application/x-protobuf)");
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return PushResponse.Error(StatusCodes.Status400BadRequest, "bad_content_type", $"Content-Type '{Cut(contentType)}' cannot be parsed");
        }

        var isJson = type.Equals("application/json", StringComparison.OrdinalIgnoreCase);
        if (!isJson && !ProtobufTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            return PushResponse.Error(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                $"Content-Type '{Cut(type)}' is not supported: send application/json (optionally gzip or deflate) or application/x-protobuf (snappy)");
        }

        var encoding = contentEncoding.Trim();
        var known = isJson
            ? encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase) || encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("deflate", StringComparison.OrdinalIgnoreCase)
            : encoding.Length == 0 || encoding.Equals("snappy", StringComparison.OrdinalIgnoreCase);
        return known ? null : PushResponse.Error(StatusCodes.Status400BadRequest, "unsupported_content_encoding", $"Content-Encoding \"{Cut(encoding)}\" not supported");
    }

    /// <summary>Decodes a body whose headers passed <see cref="CheckHeaders"/>.</summary>
    public static DecodedLogs Decode(string contentType, string contentEncoding, byte[] body, int maxDecompressedBytes, InFlightBudget budget)
    {
        var type = MediaTypeHeaderValue.Parse(contentType).MediaType.Value!;
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            ? DecodeJson(contentEncoding.Trim(), body, maxDecompressedBytes, budget)
            : DecodeProtobuf(body, maxDecompressedBytes, budget);
    }

    private static DecodedLogs DecodeProtobuf(byte[] body, int maxDecompressedBytes, InFlightBudget budget)
    {
        if (!SnappyBody.TryGetUncompressedLength(body, out var length, out var error))
        {
            return DecodedLogs.Failed(StatusCodes.Status400BadRequest, "invalid_snappy", error!);
        }

        if (length > maxDecompressedBytes)
        {
            return TooLarge($"decompresses to {length} bytes", maxDecompressedBytes);
        }

        if (!budget.TryReserve(length))
        {
            return new DecodedLogs(null, false, PushPreparer.InFlightFull());
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var request = buffer.AsSpan(0, length);
            if (!SnappyBody.TryDecompress(body, request, out error))
            {
                return DecodedLogs.Failed(StatusCodes.Status400BadRequest, "invalid_snappy", error!);
            }

            return new DecodedLogs(PushRequestReader.Read(request), true, null);
        }
        catch (RemoteWriteFormatException ex)
        {
            return DecodedLogs.Failed(StatusCodes.Status400BadRequest, "invalid_protobuf", $"the body is not a valid Loki PushRequest: {ex.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            budget.Release(length);
        }
    }

    private static DecodedLogs DecodeJson(string encoding, byte[] body, int maxDecompressedBytes, InFlightBudget budget)
    {
        if (encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return ParseJson(body);
        }

        byte[]? buffer = null;
        long reserved = 0;
        try
        {
            using var input = new MemoryStream(body, writable: false);
            using Stream inflater = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(input, CompressionMode.Decompress)
                : new DeflateStream(input, CompressionMode.Decompress);
            var length = 0;
            buffer = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(body.Length * 4, 64 * 1024), maxDecompressedBytes + 1));
            if (!budget.TryReserve(buffer.Length))
            {
                return new DecodedLogs(null, false, PushPreparer.InFlightFull());
            }

            reserved = buffer.Length;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxDecompressedBytes)
                    {
                        return TooLarge($"decompresses to more than {maxDecompressedBytes} bytes", maxDecompressedBytes);
                    }

                    var grownSize = (int)Math.Min((long)buffer.Length * 2, maxDecompressedBytes + 1L);
                    if (!budget.TryReserve(grownSize))
                    {
                        return new DecodedLogs(null, false, PushPreparer.InFlightFull());
                    }

                    var grown = ArrayPool<byte>.Shared.Rent(grownSize);
                    buffer.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    budget.Release(reserved);
                    buffer = grown;
                    reserved = grownSize;
                }

                var read = inflater.Read(buffer, length, Math.Min(buffer.Length, maxDecompressedBytes + 1) - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxDecompressedBytes)
                {
                    return TooLarge($"decompresses to more than {maxDecompressedBytes} bytes", maxDecompressedBytes);
                }
            }

            return ParseJson(buffer.AsSpan(0, length));
        }
        catch (InvalidDataException ex)
        {
            return DecodedLogs.Failed(StatusCodes.Status400BadRequest, "invalid_compression", $"the body is not valid {encoding.ToLowerInvariant()}: {ex.Message}");
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            budget.Release(reserved);
        }
    }

    private static DecodedLogs ParseJson(ReadOnlySpan<byte> json)
    {
        try
        {
            return new DecodedLogs(PushJsonReader.Read(json), false, null);
        }
        catch (LogFormatException ex)
        {
            return DecodedLogs.Failed(StatusCodes.Status400BadRequest, "invalid_json", ex.Message);
        }
    }

    private static DecodedLogs TooLarge(string what, int max) => DecodedLogs.Failed(
        StatusCodes.Status413PayloadTooLarge, "decompressed_too_large",
        $"the body {what}, more than the limit of {max} (Mla:Gateway:MaxDecompressedBytes)");

    private static string Cut(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 100), "…");
}
