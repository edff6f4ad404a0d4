namespace Mla.Exporters.Live;

/// <summary>The cluster's API answered an error (status and the API's message; never a credential).</summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(string message)
        : base(message)
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KubeApiException()
    {
    }

    public int StatusCode { get; init; }
}
