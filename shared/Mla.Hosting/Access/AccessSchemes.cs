namespace Mla.Hosting.Access;

/// <summary>Authentication scheme names: one that picks, one per credential kind.</summary>
public static class AccessSchemes
{
    /// <summary>The default: forwards to <see cref="Jwt"/> for a JWT-shaped bearer, otherwise to <see cref="Token"/>.</summary>
    public const string Bearer = "mla-bearer";

    public const string Token = "mla-token";

    public const string Jwt = "mla-jwt";

    public const string RoleClaimType = "mla:role";

    /// <summary>HttpContext item that carries why authentication failed, for the 401 body and the log.</summary>
    internal const string FailureItem = "mla:access-failure";
}
