using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Mla.TestSupport.RabbitMq;

/// <summary>The two calls of the management HTTP API the fixtures need: the health check and the version.</summary>
internal static class RabbitMqManagement
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>GET /api/health/checks/alarms: 200 once the node runs and no resource alarm is raised.</summary>
    public static async Task<bool> IsHealthyAsync(Uri managementUri, string username, string password, CancellationToken cancellationToken)
    {
        using var request = Request(managementUri, "api/health/checks/alarms", username, password);
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    public static async Task<string> GetVersionAsync(Uri managementUri, string username, string password, CancellationToken cancellationToken)
    {
        using var request = Request(managementUri, "api/overview", username, password);
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return document.RootElement.GetProperty("rabbitmq_version").GetString() ?? "?";
    }

    private static HttpRequestMessage Request(Uri managementUri, string path, string username, string password) =>
        new(HttpMethod.Get, new Uri(managementUri, path))
        {
            Headers =
            {
                Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"))),
            },
        };
}
