using System.Globalization;

namespace Mla.Tenants.Purge;

/// <summary>
/// Sends requests to one store: its base URL, its static headers, the tenant header and a timeout per request. Transport
/// errors and timeouts become a <see cref="StoreRequestException"/> that names the request, never a header value.
/// </summary>
internal sealed class StoreClient(HttpClient http, PurgeStoreOptions store, TimeSpan requestTimeout)
{
    private readonly Uri _baseUri = store.BaseUri();

    public PurgeStoreOptions Store => store;

    /// <summary>Sends <paramref name="method"/> to <paramref name="pathAndQuery"/> (relative to the store's URL) for <paramref name="tenantId"/>, if given, in the tenant header.</summary>
    public async Task<StoreResponse> SendAsync(HttpMethod method, string pathAndQuery, string? tenantId, CancellationToken cancellationToken)
    {
        var what = $"{method} /{Path(pathAndQuery)}";
        using var request = new HttpRequestMessage(method, new Uri(_baseUri, pathAndQuery));
        foreach (var (name, value) in store.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (tenantId is not null)
        {
            request.Headers.Remove(store.TenantHeader);
            request.Headers.TryAddWithoutValidation(store.TenantHeader, tenantId);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return new StoreResponse(response.StatusCode, body);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreRequestException(
                $"{what}: no answer within {requestTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s", ex);
        }
        catch (HttpRequestException ex)
        {
            // The message of a transport error names the host and port at most (e.g. "Connection refused (host:port)").
            throw new StoreRequestException($"{what}: {ex.Message}", ex);
        }
    }

    /// <summary>The failure to report when <paramref name="response"/> is not what the API documents.</summary>
    public static StoreRequestException Unexpected(HttpMethod method, string pathAndQuery, StoreResponse response, string expected)
    {
        var excerpt = response.BodyExcerpt();
        return new StoreRequestException(
            $"{method} /{Path(pathAndQuery)} answered {response.Code} (expected {expected})" + (excerpt.Length > 0 ? $": {excerpt}" : string.Empty));
    }

    private static string Path(string pathAndQuery)
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? pathAndQuery : pathAndQuery[..query];
    }
}
