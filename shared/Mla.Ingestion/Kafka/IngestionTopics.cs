namespace Mla.Ingestion.Kafka;

/// <summary>The data plane's topics between the gateways and the writers. Record key = tenant id.</summary>
public static class IngestionTopics
{
    public const string Metrics = "mla.metrics.v1";
    public const string Logs = "mla.logs.v1";

    /// <summary>Records a sink rejected for good go to <c>&lt;topic&gt;.dlq</c>, with the reason in headers.</summary>
    public static string DeadLetter(string topic) => topic + ".dlq";

    /// <summary>A writer moves the records of a tenant its sink keeps refusing to <c>&lt;topic&gt;.retry</c>, and writes them from there later.</summary>
    public static string Retry(string topic) => topic + ".retry";
}
