using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Mla.Grafana.Sync;
using Mla.Tenants.Client;

namespace Mla.Grafana.Hosting;

/// <summary>
/// Read tokens from the tenant service's internal endpoints (<c>/internal/v1/tenants/{id}/credentials</c>,
/// <c>/internal/v1/seeds/{seed}/read-token</c>), held for <c>TenantService:RefreshInterval</c>. Never logged.
/// </summary>
internal sealed class TenantServiceReadTokens(IHttpClientFactory factory, IOptions<GrafanaOptions> options, TimeProvider time) : ITenantReadTokens
{
    public const string ClientName = "mla-grafana-tenants";
    private readonly ConcurrentDictionary<string, (string? Token, DateTimeOffset At)> _cache = new(StringComparer.Ordinal);

    public Task<string?> GetTenantTokenAsync(string tenantId, CancellationToken cancellationToken) =>
        CachedAsync("t:" + tenantId, $"internal/v1/tenants/{Uri.EscapeDataString(tenantId)}/credentials", json => json.ReadToken, cancellationToken);

    public Task<string?> GetSeedAdminTokenAsync(string seed, CancellationToken cancellationToken) =>
        CachedAsync<SeedReadToken>("s:" + seed, $"internal/v1/seeds/{Uri.EscapeDataString(seed)}/read-token", json => json.Token, cancellationToken);

    private Task<string?> CachedAsync(string key, string path, Func<TenantCredentials, string?> read, CancellationToken cancellationToken) =>
        CachedAsync<TenantCredentials>(key, path, read, cancellationToken);

    private async Task<string?> CachedAsync<T>(string key, string path, Func<T, string?> read, CancellationToken cancellationToken)
    {
        var settings = options.Value.TenantService;
        if (_cache.TryGetValue(key, out var held) && time.GetUtcNow() - held.At < settings.RefreshInterval)
        {
            return held.Token;
        }

        var http = factory.CreateClient(ClientName);
        var url = settings.Url!.EndsWith('/') ? settings.Url : settings.Url + "/";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(url), path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        using var response = await http.SendAsync(request, cancellationToken);
        string? token = null;
        if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadFromJsonAsync<T>(TenantsApiClient.Json, cancellationToken) is { } body)
        {
            token = read(body);
        }
        else if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Conflict))
        {
            throw new HttpRequestException($"GET {path}: {(int)response.StatusCode}");
        }

        _cache[key] = (token, time.GetUtcNow());
        return token;
    }
}
