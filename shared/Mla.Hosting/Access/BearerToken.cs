using Microsoft.AspNetCore.Http;

namespace Mla.Hosting.Access;

/// <summary>Reads the bearer token of a request; a JWT is told apart by its three dot-separated parts.</summary>
internal static class BearerToken
{
    private const string Scheme = "Bearer ";

    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2 && token.StartsWith("ey", StringComparison.Ordinal);
}
