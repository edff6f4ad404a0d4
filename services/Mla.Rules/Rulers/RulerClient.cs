using System.Net;
using System.Text;
using Mla.Rules.Groups;
using YamlDotNet.RepresentationModel;

namespace Mla.Rules.Rulers;

/// <summary>
/// The ruler config API (https://grafana.com/docs/mimir/latest/references/http-api/#ruler; Mimir, Cortex and Loki share it but for the path prefix) for one tenant
/// (<c>X-Scope-OrgID</c>): GET a group (404 = absent), list the namespace (Cortex and Loki answer 404 for nothing,
/// Mimir 200 <c>{}</c>), POST a group (202), DELETE a group (202; 404 = already gone).
/// </summary>
internal sealed class RulerClient(HttpClient http, RulerOptions options)
{
    public const string TenantHeader = "X-Scope-OrgID";

    public async Task<string?> GetGroupAsync(string tenant, string group, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, tenant, $"{Namespace}/{Uri.EscapeDataString(group)}");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, HttpStatusCode.OK, "GET rule group", cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>The names of the groups the tenant has in MLA's namespace.</summary>
    public async Task<IReadOnlyList<string>> ListGroupsAsync(string tenant, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, tenant, Namespace);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        await EnsureAsync(response, HttpStatusCode.OK, "GET rule namespace", cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (Yaml.Load(text) is not YamlMappingNode namespaces || Yaml.Child(namespaces, options.Namespace) is not YamlSequenceNode groups)
        {
            return [];
        }

        return groups.Children.OfType<YamlMappingNode>().Select(g => Yaml.ScalarValue(g, "name")).OfType<string>().ToList();
    }

    public async Task PostGroupAsync(string tenant, string yaml, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, tenant, Namespace);
        request.Content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            throw new RulerRejectedException((await response.Content.ReadAsStringAsync(cancellationToken)).Trim());
        }

        await EnsureAsync(response, HttpStatusCode.Accepted, "POST rule group", cancellationToken);
    }

    public async Task DeleteGroupAsync(string tenant, string group, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Delete, tenant, $"{Namespace}/{Uri.EscapeDataString(group)}");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureAsync(response, HttpStatusCode.Accepted, "DELETE rule group", cancellationToken);
        }
    }

    private string Namespace => Uri.EscapeDataString(options.Namespace);

    private HttpRequestMessage Request(HttpMethod method, string tenant, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(options.Url!, $"{options.PathPrefix}/{path}"));
        request.Headers.Add(TenantHeader, tenant);
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
