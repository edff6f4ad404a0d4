using System.Net;
using System.Text;

namespace Mla.Rules.Rulers;

/// <summary>
/// The Mimir/Cortex Alertmanager configuration API (https://grafana.com/docs/mimir/latest/references/http-api/#alertmanager) for one tenant: GET (404 = none, 200 YAML
/// with <c>template_files</c> and the <c>alertmanager_config</c> string), POST (201, a replace), DELETE (200 even when none).
/// </summary>
internal sealed class AlertmanagerApiClient(HttpClient http, AlertmanagerApiOptions options)
{
    public async Task<string?> GetAsync(string tenant, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, tenant);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, HttpStatusCode.OK, "GET Alertmanager configuration", cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task PostAsync(string tenant, string body, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, tenant);
        request.Content = new StringContent(body, Encoding.UTF8, "application/yaml");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            throw new RulerRejectedException((await response.Content.ReadAsStringAsync(cancellationToken)).Trim());
        }

        await EnsureAsync(response, HttpStatusCode.Created, "POST Alertmanager configuration", cancellationToken);
    }

    public async Task DeleteAsync(string tenant, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Delete, tenant);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, "DELETE Alertmanager configuration", cancellationToken);
    }

    private HttpRequestMessage Request(HttpMethod method, string tenant)
    {
        var request = new HttpRequestMessage(method, new Uri(options.Url!, "api/v1/alerts"));
        request.Headers.Add(RulerClient.TenantHeader, tenant);
        return request;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{what}: {(int)response.StatusCode} {body.Trim()}", null, response.StatusCode);
        }
    }
}
