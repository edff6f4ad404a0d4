using System.Text;

namespace Mla.Gateway.ReadPath;

/// <summary>Sends reads to the stores and copies their answers back (status, content type and body; no other header).</summary>
public sealed class ReadStoreClient(IHttpClientFactory factory)
{
    public const string ClientName = "mla-gateway-read";
    public const string ScopeHeader = "X-Scope-OrgID";

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var http = factory.CreateClient(ClientName);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public static async Task CopyAsync(HttpResponseMessage response, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        await response.Content.CopyToAsync(context.Response.Body, cancellationToken);
    }

    /// <summary>A query string of the pairs, each name and value escaped (what the store decodes is exactly these pairs).</summary>
    public static string QueryString(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            builder.Append(builder.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    /// <summary>Every (name, value) pair of a query or form, repeated names as repeated pairs.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Pairs(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values) =>
        values.SelectMany(pair => pair.Value.Select(v => new KeyValuePair<string, string>(pair.Key, v ?? "")));
}
