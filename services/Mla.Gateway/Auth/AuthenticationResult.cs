using Mla.Gateway.Tenants;

namespace Mla.Gateway.Auth;

/// <summary>Who is writing (<see cref="Tenant"/>), or the status (401/403) and reason of the refusal.</summary>
public sealed record AuthenticationResult(Tenant? Tenant, int Status, string? Reason)
{
    public bool Succeeded => Tenant is not null;

    /// <summary>
    /// The request presented a client certificate the tenant has a newer one than (renewal, CA rotation), or one that
    /// was refused: the connection should close after the answer, so that the agent reconnects with the certificate
    /// files it has now (Prometheus reads them for every new connection).
    /// </summary>
    public bool ReconnectWithNewCertificate { get; init; }

    public static AuthenticationResult Success(Tenant tenant) => new(tenant, StatusCodes.Status200OK, null);

    public static AuthenticationResult Unauthenticated(string reason) => new(null, StatusCodes.Status401Unauthorized, reason);

    public static AuthenticationResult Forbidden(string reason) => new(null, StatusCodes.Status403Forbidden, reason);
}
