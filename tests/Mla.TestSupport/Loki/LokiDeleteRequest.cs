namespace Mla.TestSupport.Loki;

/// <summary>One delete request held by <see cref="LokiPushFake"/>'s compactor: times in unix seconds, as Loki lists them.</summary>
public sealed class LokiDeleteRequest(string requestId, string query, LokiSelector selector, long startTime, long endTime, double createdAt)
{
    public string RequestId { get; } = requestId;

    public string Query { get; } = query;

    public LokiSelector Selector { get; } = selector;

    public long StartTime { get; } = startTime;

    public long EndTime { get; } = endTime;

    public double CreatedAt { get; } = createdAt;

    /// <summary>How often the tenant's requests were listed since this one was made.</summary>
    public int Lists { get; set; }

    public bool Processed { get; set; }

    public string Status => Processed ? "processed" : "received";
}
