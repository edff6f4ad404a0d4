namespace Mla.Grafana.Sync;

/// <summary>Grafana refused one call (4xx, or a 500 that answers a bad request): the project's status says why; the sync goes on.</summary>
public sealed class GrafanaRejectedException : Exception
{
    public GrafanaRejectedException()
    {
    }

    public GrafanaRejectedException(string message)
        : base(message)
    {
    }

    public GrafanaRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
