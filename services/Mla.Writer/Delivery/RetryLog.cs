using Mla.Writer.Sinks;

namespace Mla.Writer.Delivery;

/// <summary>A retryable answer, logged at the first attempt and then at attempts 2, 4, 8, … (a stalled tenant would flood the log).</summary>
public static class RetryLog
{
    public static void Write(ILogger logger, string sink, string tenant, int records, int attempt, SinkResponse response, TimeSpan delay)
    {
        if (attempt == 0 || (attempt & (attempt - 1)) == 0)
        {
            logger.LogWarning(
                "Sink {Sink} did not take {Records} records of tenant {Tenant} (attempt {Attempt}, status {Status}: {Reason}); retrying in {Delay} ms",
                sink, records, tenant, attempt + 1, response.Status, response.Reason, (long)delay.TotalMilliseconds);
        }
    }
}
