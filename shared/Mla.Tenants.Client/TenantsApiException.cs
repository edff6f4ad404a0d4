namespace Mla.Tenants.Client;

/// <summary>The tenant service could not be read; the message says which call and why (never a credential).</summary>
public sealed class TenantsApiException : Exception
{
    public TenantsApiException(string message)
        : base(message)
    {
    }

    public TenantsApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TenantsApiException()
    {
    }
}
