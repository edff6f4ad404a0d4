using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Mla.Grafana.Sync;

namespace Mla.Grafana.Api;

/// <summary>
/// The Grafana HTTP API calls the sync makes, as server admin (basic auth), datasources by uid only. Counts its writes.
/// 5xx (but the 500s Grafana answers for a missing org or member, which callers ask for), 429 and connection errors
/// throw <see cref="GrafanaUnavailableException"/>.
/// </summary>
public sealed class GrafanaApi
{
    private readonly HttpClient _http;
    private readonly WriteThrottle _throttle;
    private readonly Action<string>? _onWrite;
    private long _writes;

    /// <param name="http">The client to Grafana (its base address is set from <paramref name="options"/> if unset).</param>
    /// <param name="options">Grafana's URL and the server admin's credentials.</param>
    /// <param name="throttle">Spaces the writes.</param>
    /// <param name="onWrite">Called with the path of every write (metrics by kind).</param>
    public GrafanaApi(HttpClient http, GrafanaOptions options, WriteThrottle throttle, Action<string>? onWrite = null)
    {
        _http = http;
        _throttle = throttle;
        _onWrite = onWrite;
        _http.BaseAddress ??= new Uri(options.Url!.EndsWith('/') ? options.Url : options.Url + "/");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AdminUser}:{options.AdminPassword}")));
    }

    public long Writes => Interlocked.Read(ref _writes);

    public async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path, long? org, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, path, org, null, cancellationToken);

    public async Task<(HttpStatusCode Status, JsonNode? Body)> WriteAsync(HttpMethod method, string path, long? org, JsonNode? body, CancellationToken cancellationToken)
    {
        await _throttle.WaitAsync(cancellationToken);
        Interlocked.Increment(ref _writes);
        _onWrite?.Invoke(path);
        return await SendAsync(method, path, org, body, cancellationToken);
    }

    /// <summary>
    /// How many users Grafana has: <c>totalCount</c> of <c>GET /api/users/search?perpage=1&amp;page=1</c> (one user
    /// listed; this route counts pages from 1). It changes when the auth proxy signs a user up. Unavailable: throws
    /// <see cref="GrafanaUnavailableException"/>; any other answer but 200 with a count: <see cref="GrafanaRejectedException"/>.
    /// </summary>
    public async Task<long> CountUsersAsync(CancellationToken cancellationToken)
    {
        var (status, body) = await GetAsync("api/users/search?perpage=1&page=1", null, cancellationToken);
        if (status == HttpStatusCode.OK && body is JsonObject answer && answer["totalCount"] is JsonValue total && total.TryGetValue<long>(out var count))
        {
            return count;
        }

        throw new GrafanaRejectedException($"GET api/users/search: {(int)status} {(body as JsonObject)?["message"]}");
    }

    public static string Escape(string segment) => Uri.EscapeDataString(segment);

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, long? org, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (org is { } id)
        {
            request.Headers.Add("X-Grafana-Org-Id", id.ToString(CultureInfo.InvariantCulture));
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new GrafanaUnavailableException($"{method} {path}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GrafanaUnavailableException($"{method} {path}: timed out", ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
            {
                throw new GrafanaUnavailableException($"{method} {path}: {(int)response.StatusCode}");
            }

            JsonNode? parsed = null;
            if (text.Length > 0)
            {
                try
                {
                    parsed = JsonNode.Parse(text);
                }
                catch (System.Text.Json.JsonException)
                {
                    parsed = null;
                }
            }

            return (response.StatusCode, parsed);
        }
    }
}
