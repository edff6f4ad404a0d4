using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Mla.Tenants.Purge;

/// <summary>
/// Loki's log deletion API, with the tenant header: <c>POST /loki/api/v1/delete?query=&lt;Selector&gt;&amp;start=…</c>
/// (204, no request id; no <c>end</c>, so Loki takes its own now and never refuses a "future" end over clock skew), then
/// <c>GET /loki/api/v1/delete</c> until the request is <c>processed</c>. Loki processes a request only after its
/// <c>delete_request_cancel_period</c> (24 h by default): until then the purge is honestly not verified, and the next try
/// follows the same request (one made within <see cref="PurgeStoreOptions.RequestReuseWindow"/>) instead of making another.
/// </summary>
internal sealed class LokiPurger(StoreClient client, PurgeOptions settings, TimeProvider time) : IStorePurger
{
    private const string DeletePath = "loki/api/v1/delete";

    /// <summary>All of a tenant's logs: Loki reads RFC 3339 (or exactly ten digits of unix seconds) for <c>start</c>.</summary>
    private const string Beginning = "1970-01-01T00:00:00Z";

    public async Task<PurgeResult> PurgeAsync(string tenantId, CancellationToken cancellationToken)
    {
        var selector = client.Store.Selector!;
        var deadline = new VerifyDeadline(time, settings.VerifyTimeoutOf(client.Store));
        var request = await FindAsync(tenantId, selector, cancellationToken).ConfigureAwait(false);
        var created = request is null;
        if (request is null)
        {
            var path = $"{DeletePath}?query={Uri.EscapeDataString(selector)}&start={Uri.EscapeDataString(Beginning)}";
            var response = await client.SendAsync(HttpMethod.Post, path, tenantId, cancellationToken).ConfigureAwait(false);
            if (response.Status != HttpStatusCode.NoContent && response.Code is < 200 or > 299)
            {
                throw StoreClient.Unexpected(HttpMethod.Post, path, response, "204");
            }
        }

        while (true)
        {
            request = await FindAsync(tenantId, selector, cancellationToken).ConfigureAwait(false);
            if (request?.IsProcessed == true)
            {
                return new PurgeResult(true, $"delete request {request.RequestId} for {selector} is processed");
            }

            if (deadline.Passed)
            {
                return new PurgeResult(false, request is null
                    ? $"delete request for {selector} {(created ? "made but not listed" : "no longer listed")} by GET /{DeletePath}"
                    : $"delete request {request.RequestId} for {selector} is {request.Status}, made "
                        + $"{request.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC: "
                        + "Loki processes it after its delete_request_cancel_period (24 h by default); checked again on the next try");
            }

            await deadline.PauseAsync(settings.VerifyInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The newest request for <paramref name="selector"/> made within the reuse window, if any.</summary>
    private async Task<LokiDeleteRequest?> FindAsync(string tenantId, string selector, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(HttpMethod.Get, DeletePath, tenantId, cancellationToken).ConfigureAwait(false);
        if (response.Status != HttpStatusCode.OK)
        {
            throw StoreClient.Unexpected(HttpMethod.Get, DeletePath, response, "200");
        }

        IReadOnlyList<LokiDeleteRequest> requests;
        try
        {
            requests = LokiDeleteRequest.ParseList(response.Body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw StoreClient.Unexpected(HttpMethod.Get, DeletePath, response, "a JSON list of delete requests");
        }

        var since = time.GetUtcNow() - client.Store.RequestReuseWindow;
        return requests
            .Where(r => r.Query == selector && r.CreatedAt >= since)
            .OrderByDescending(r => r.CreatedAt)
            .FirstOrDefault();
    }
}
