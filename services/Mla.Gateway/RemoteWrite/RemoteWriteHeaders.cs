using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Mla.Gateway.RemoteWrite;

/// <summary>The request headers remote write 1.0 requires (https://prometheus.io/docs/specs/remote_write_spec/); anything else gets 415 with the reason.</summary>
public static class RemoteWriteHeaders
{
    public const string ProtobufMediaType = "application/x-protobuf";
    public const string V1Proto = "prometheus.WriteRequest";
    public const string V2Proto = "io.prometheus.write.v2.Request";

    /// <summary>Null when the headers are fine, else why not.</summary>
    public static string? Check(string? contentType, StringValues contentEncoding)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !parsed.MediaType.Equals(ProtobufMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return $"Content-Type '{contentType}' is not accepted: send {ProtobufMediaType} (remote write 1.0)";
        }

        var proto = parsed.Parameters.FirstOrDefault(p => p.Name.Equals("proto", StringComparison.OrdinalIgnoreCase))?.Value;
        if (proto is { } value && !HeaderUtilities.RemoveQuotes(value).Equals(V1Proto, StringComparison.Ordinal))
        {
            return HeaderUtilities.RemoveQuotes(value).Equals(V2Proto, StringComparison.Ordinal)
                ? $"remote write 2.0 ({V2Proto}) is not supported yet: send 1.0 ({ProtobufMediaType};proto={V1Proto})"
                : $"proto '{value}' is not accepted: send {ProtobufMediaType} or {ProtobufMediaType};proto={V1Proto}";
        }

        if (contentEncoding.Count != 1 || !string.Equals(contentEncoding[0]?.Trim(), "snappy", StringComparison.OrdinalIgnoreCase))
        {
            return $"Content-Encoding '{contentEncoding}' is not accepted: send snappy (block format)";
        }

        return null;
    }
}
