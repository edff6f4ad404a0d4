using Mla.Gateway.RemoteWrite;
using Mla.Ingestion.Logs;

namespace Mla.Gateway.Logs;

/// <summary>The streams of a push body and whether it came as protobuf, or why it could not be read.</summary>
public sealed record DecodedLogs(List<LogStreamEntries>? Streams, bool IsProtobuf, PushResponse? Failure)
{
    public static DecodedLogs Failed(int status, string reason, string message) => new(null, false, PushResponse.Error(status, reason, message));
}
