using System.Net.Http.Headers;
using Mla.Hosting.Access;

namespace Mla.IntegrationTests.Support;

/// <summary>
/// Admin-API credentials of the services under test: one bearer token per role, configured by their SHA-256 as an
/// operator would (<c>Mla:Access:Tokens</c>). Test apps send the operator token by default.
/// </summary>
internal static class TestAccess
{
    public const string ViewerToken = "test-viewer-token-0123456789abcdef";
    public const string OperatorToken = "test-operator-token-0123456789abcdef";
    public const string InternalToken = "test-internal-token-0123456789abcdef";

    public static IReadOnlyDictionary<string, string> TokenOf { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MlaRoles.Viewer] = ViewerToken,
        [MlaRoles.Operator] = OperatorToken,
        [MlaRoles.Internal] = InternalToken,
    };

    /// <summary><c>Mla:Access:Tokens:test-&lt;role&gt;</c> for every role.</summary>
    public static Dictionary<string, string?> Settings() => TokenOf.SelectMany(role => new[]
    {
        new KeyValuePair<string, string?>($"Mla:Access:Tokens:test-{role.Key}:Sha256", HashedAccessTokens.Sha256Hex(role.Value)),
        new KeyValuePair<string, string?>($"Mla:Access:Tokens:test-{role.Key}:Role", role.Key),
    }).ToDictionary(StringComparer.Ordinal);

    /// <summary>The same as environment variables, for a service started as its own process.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment() =>
        Settings().Select(s => new KeyValuePair<string, string>(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value!));

    public static HttpClient As(this HttpClient http, string? token)
    {
        http.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
