namespace Mla.Grafana.Api;

/// <summary>Grafana did not answer, or answered 5xx/429 where it means "later": the sync retries with back-off.</summary>
public sealed class GrafanaUnavailableException : Exception
{
    public GrafanaUnavailableException()
    {
    }

    public GrafanaUnavailableException(string message)
        : base(message)
    {
    }

    public GrafanaUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
