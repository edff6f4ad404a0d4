namespace Mla.Tenants.Purge;

/// <summary>A store did not answer as its API documents; the message names the request and never a header value.</summary>
internal sealed class StoreRequestException : Exception
{
    public StoreRequestException()
    {
    }

    public StoreRequestException(string message)
        : base(message)
    {
    }

    public StoreRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
