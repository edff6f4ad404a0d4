using System.Globalization;

namespace Mla.Gateway.RemoteWrite;

/// <summary>What the client gets: a status, a plain-text reason for errors, and Retry-After for 429/503.</summary>
public sealed record PushResponse(int Status, string? Reason, string? Message, TimeSpan? RetryAfter = null)
{
    public static PushResponse Accepted { get; } = new(StatusCodes.Status204NoContent, null, null);

    public static PushResponse Error(int status, string reason, string message, TimeSpan? retryAfter = null) =>
        new(status, reason, message, retryAfter);

    public async Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        response.Headers["X-Prometheus-Remote-Write-Version"] = "0.1.0";
        if (RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (Status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"mla-gateway\"";
        }

        if (Message is not null)
        {
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(Message + "\n");
        }
    }
}
