namespace Mla.TestSupport.Processes;

/// <summary>A server did not become ready; the message holds the tail of its log.</summary>
public sealed class ServerStartException : Exception
{
    public ServerStartException()
    {
    }

    public ServerStartException(string message)
        : base(message)
    {
    }

    public ServerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
