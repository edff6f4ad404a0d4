namespace Mla.Gateway.RemoteWrite;

/// <summary>The raw body and the in-flight bytes reserved for it, or why it was not read.</summary>
public sealed record BodyRead(byte[]? Body, long Reserved, PushResponse? Failure)
{
    public static BodyRead Failed(int status, string reason, string message) => new(null, 0, PushResponse.Error(status, reason, message));
}
