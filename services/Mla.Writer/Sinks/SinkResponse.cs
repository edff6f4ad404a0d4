namespace Mla.Writer.Sinks;

/// <summary>A sink's answer to one write: outcome, HTTP status (0 without one), reason, and any <c>Retry-After</c>.</summary>
public sealed record SinkResponse(SinkOutcome Outcome, int Status, string Reason, TimeSpan? RetryAfter = null)
{
    /// <summary>The most of a sink's reason kept (in logs and dead-letter headers).</summary>
    public const int MaxReasonBytes = 1024;

    public static SinkResponse Accepted(int status) => new(SinkOutcome.Accepted, status, string.Empty);

    /// <summary>The outcome of an HTTP status: 2xx accepted; 408, 429 and 5xx retried; other 4xx rejected for good.</summary>
    public static SinkOutcome Classify(int status) => status switch
    {
        >= 200 and < 300 => SinkOutcome.Accepted,
        408 or 429 => SinkOutcome.Retryable,
        >= 400 and < 500 => SinkOutcome.Rejected,
        _ => SinkOutcome.Retryable,
    };
}
