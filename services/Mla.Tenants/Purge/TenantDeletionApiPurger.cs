using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Mla.Tenants.Purge;

/// <summary>
/// Mimir and Cortex (blocks storage): <c>POST delete_tenant</c> with the tenant header writes a tenant deletion mark
/// (200; repeating it is harmless), then <c>GET delete_tenant_status</c> answers <c>{"tenant_id":…,"blocks_deleted":bool}</c>;
/// verified once <c>blocks_deleted</c> is true. The compactor deletes the blocks on its own cleanup cycle, so a purge
/// that is not verified within the timeout is tried again later by the reconciler.
/// </summary>
internal sealed class TenantDeletionApiPurger(StoreClient client, TenantDeletionApi api, PurgeOptions settings, TimeProvider time) : IStorePurger
{
    public async Task<PurgeResult> PurgeAsync(string tenantId, CancellationToken cancellationToken)
    {
        var deadline = new VerifyDeadline(time, settings.VerifyTimeoutOf(client.Store));
        var requested = await client.SendAsync(HttpMethod.Post, api.DeletePath, tenantId, cancellationToken).ConfigureAwait(false);
        if (requested.Code is < 200 or > 299)
        {
            throw StoreClient.Unexpected(HttpMethod.Post, api.DeletePath, requested, "200");
        }

        var polls = 0;
        while (true)
        {
            polls++;
            if (await BlocksDeletedAsync(tenantId, cancellationToken).ConfigureAwait(false))
            {
                return new PurgeResult(true, $"tenant deletion requested; {api.StatusPath} says blocks_deleted: no block of the tenant left in object storage (after {polls} checks)");
            }

            if (deadline.Passed)
            {
                return new PurgeResult(false,
                    $"tenant deletion requested; blocks not deleted yet after {deadline.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s "
                    + "(the compactor deletes them on its cleanup cycle)");
            }

            await deadline.PauseAsync(settings.VerifyInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> BlocksDeletedAsync(string tenantId, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(HttpMethod.Get, api.StatusPath, tenantId, cancellationToken).ConfigureAwait(false);
        if (response.Status != HttpStatusCode.OK)
        {
            throw StoreClient.Unexpected(HttpMethod.Get, api.StatusPath, response, "200");
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body);
            return document.RootElement.GetProperty("blocks_deleted").GetBoolean();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw StoreClient.Unexpected(HttpMethod.Get, api.StatusPath, response, "JSON with blocks_deleted");
        }
    }
}
