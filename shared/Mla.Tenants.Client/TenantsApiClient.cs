using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mla.Contracts.Tenants;

namespace Mla.Tenants.Client;

/// <summary>Reads <c>GET /api/v1/tenants</c> and <c>GET /api/v1/seeds/{seed}/ca</c> of the tenant service.</summary>
public sealed class TenantsApiClient(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Every tenant, optionally of one status; the answer's time is taken before the request is sent.</summary>
    /// <exception cref="TenantsApiException">The service did not answer 200 with a tenant list.</exception>
    public async Task<TenantListing> ListAsync(TenantStatus? status, CancellationToken cancellationToken)
    {
        var asOf = DateTimeOffset.UtcNow;
        var path = status is null ? "api/v1/tenants" : $"api/v1/tenants?status={status}";
        var page = await GetAsync<TenantPage>(path, cancellationToken)
            ?? throw new TenantsApiException($"GET {path}: empty answer");
        return new TenantListing(page.Items, asOf);
    }

    /// <summary>
    /// The PEM bundle of every client CA trusted for the seed now (more than one across a CA rotation, newest first);
    /// null while the seed has none yet (404).
    /// </summary>
    /// <exception cref="TenantsApiException">Any other answer than 200 or 404.</exception>
    public async Task<string?> GetSeedAuthorityAsync(string seed, CancellationToken cancellationToken)
    {
        var path = $"api/v1/seeds/{Uri.EscapeDataString(seed)}/ca";
        using var response = await SendAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(path, response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>
    /// The tenant's current certificate, key, CA bundle and token from <c>GET /internal/v1/tenants/{id}/credentials</c>
    /// (needs the <c>internal</c> role); null while the tenant is not Ready or has no current certificate (404, 409).
    /// </summary>
    /// <exception cref="TenantsApiException">Any other answer than 200, 404 or 409 (the message holds no credential).</exception>
    public async Task<TenantCredentials?> GetCredentialsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var path = $"internal/v1/tenants/{Uri.EscapeDataString(tenantId)}/credentials";
        using var response = await SendAsync(path, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return null;
        }

        await EnsureSuccessAsync(path, response, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync<TenantCredentials>(Json, cancellationToken)
                ?? throw new TenantsApiException($"GET {path}: empty answer");
        }
        catch (JsonException)
        {
            // The body holds a private key: never quote the parser's message.
            throw new TenantsApiException($"GET {path}: the answer is not the expected JSON");
        }
    }

    /// <summary>Each seed's admin read token by its SHA-256 (<c>GET /api/v1/seeds/read-tokens</c>).</summary>
    /// <exception cref="TenantsApiException">The service did not answer 200 with the list.</exception>
    public async Task<IReadOnlyList<SeedReadTokenDigest>> ListSeedReadTokensAsync(CancellationToken cancellationToken)
    {
        const string path = "api/v1/seeds/read-tokens";
        var page = await GetAsync<SeedReadTokenPage>(path, cancellationToken)
            ?? throw new TenantsApiException($"GET {path}: empty answer");
        return page.Items;
    }

    private async Task<T?> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(path, cancellationToken);
        await EnsureSuccessAsync(path, response, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new TenantsApiException($"GET {path}: the answer is not the expected JSON ({ex.Message})", ex);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetAsync(path, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new TenantsApiException($"GET {new Uri(http.BaseAddress!, path)}: {ex.Message}", ex);
        }
    }

    private static async Task EnsureSuccessAsync(string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new TenantsApiException($"GET {path}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
        }
    }

    private sealed record TenantPage(IReadOnlyList<TenantState> Items);

    private sealed record SeedReadTokenPage(IReadOnlyList<SeedReadTokenDigest> Items);
}
