namespace Mla.Ingestion.Kafka;

/// <summary>The data plane's topics between the gateways and the writers. Record key = tenant id.</summary>
public static class IngestionTopics
{
    public const string Metrics = "mla.metrics.v1";
    public const string Logs = "mla.logs.v1";

    /// <summary>Records a sink rejected for good go to <c>&lt;topic&gt;.dlq</c>, with the reason in headers.</summary>
    public static string DeadLetter(string topic) => topic + ".dlq";
}
