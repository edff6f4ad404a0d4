using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Tests.Support;

/// <summary>Plain HTTP against a server, for contract tests: status code and parsed body of each call.</summary>
public sealed class ApiClient(KubeApiServer server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(60) };

    public HttpClient Http => _http;

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body.ToJsonString());

    public Task<ApiResponse> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body.ToJsonString());

    public Task<ApiResponse> DeleteAsync(string path, JsonNode? body = null) => SendAsync(HttpMethod.Delete, path, body?.ToJsonString());

    public Task<ApiResponse> MergePatchAsync(string path, JsonNode patch) => SendAsync(HttpMethod.Patch, path, patch.ToJsonString(), "application/merge-patch+json");

    public Task<ApiResponse> JsonPatchAsync(string path, JsonNode patch) => SendAsync(HttpMethod.Patch, path, patch.ToJsonString(), "application/json-patch+json");

    public Task<ApiResponse> ApplyAsync(string path, string body, string? fieldManager = "test", bool force = false) =>
        SendAsync(HttpMethod.Patch, path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + (fieldManager is null ? "" : $"fieldManager={fieldManager}") + (force ? "&force=true" : ""),
            body, "application/apply-patch+yaml");

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed = null;
        try
        {
            parsed = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // not JSON (health endpoints)
        }
        return new ApiResponse(response.StatusCode, parsed, text, response.Content.Headers.ContentType?.ToString() ?? "");
    }

    public void Dispose() => _http.Dispose();
}
