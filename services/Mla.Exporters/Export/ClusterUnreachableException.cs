namespace Mla.Exporters.Export;

/// <summary>The user cluster's API did not answer (or there is no kubeconfig for it); the message says why, never a credential.</summary>
public sealed class ClusterUnreachableException : Exception
{
    public ClusterUnreachableException(string message)
        : base(message)
    {
    }

    public ClusterUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClusterUnreachableException()
    {
    }
}
