using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Mla.Tenants.Purge;

/// <summary>
/// VictoriaMetrics single node, where a tenant's series carry <c>TenantLabel=&lt;id&gt;</c>:
/// <c>/api/v1/admin/tsdb/delete_series</c> with <c>extra_label</c> (which scopes the delete to that tenant, measured on
/// 1.79), then <c>/api/v1/series</c> with the same scope until it has stayed empty for <see cref="PurgeOptions.VerifyQuietPeriod"/>;
/// a series that shows up meanwhile (written just before the delete) is deleted again.
/// </summary>
internal sealed class VictoriaMetricsPurger(StoreClient client, PurgeOptions settings, TimeProvider time) : IStorePurger
{
    /// <summary>Every series: VictoriaMetrics needs a matcher that does not match the empty string.</summary>
    public const string EverySeries = "{__name__=~\".+\"}";

    public async Task<PurgeResult> PurgeAsync(string tenantId, CancellationToken cancellationToken)
    {
        var scope = "match%5B%5D=" + Uri.EscapeDataString(EverySeries)
            + "&extra_label=" + Uri.EscapeDataString($"{client.Store.TenantLabel}={tenantId}");
        var deadline = new VerifyDeadline(time, settings.VerifyTimeoutOf(client.Store));
        var tenant = $"{client.Store.TenantLabel}={tenantId}";
        var deleted = await CountSeriesAsync(scope, cancellationToken).ConfigureAwait(false);
        await DeleteAsync(scope, cancellationToken).ConfigureAwait(false);
        var deletes = 1;
        TimeSpan? emptySince = null;
        while (true)
        {
            await deadline.PauseAsync(settings.VerifyInterval, cancellationToken).ConfigureAwait(false);
            var left = await CountSeriesAsync(scope, cancellationToken).ConfigureAwait(false);
            if (left > 0)
            {
                emptySince = null;
                deleted += left;
                await DeleteAsync(scope, cancellationToken).ConfigureAwait(false);
                deletes++;
            }
            else
            {
                emptySince ??= deadline.Elapsed;
                if (deadline.Elapsed - emptySince >= settings.VerifyQuietPeriod)
                {
                    return new PurgeResult(true,
                        $"deleted {deleted} series with {tenant} ({deletes} delete_series calls); none listed for {Seconds(deadline.Elapsed - emptySince.Value)} s");
                }
            }

            if (deadline.Passed)
            {
                return new PurgeResult(false, left > 0
                    ? $"{left} series with {tenant} still listed after {deletes} delete_series calls in {Seconds(deadline.Timeout)} s"
                    : $"series with {tenant} kept reappearing ({deletes} delete_series calls): not empty for {Seconds(settings.VerifyQuietPeriod)} s within {Seconds(deadline.Timeout)} s");
            }
        }
    }

    private async Task DeleteAsync(string scope, CancellationToken cancellationToken)
    {
        var path = "api/v1/admin/tsdb/delete_series?" + scope;
        var response = await client.SendAsync(HttpMethod.Post, path, null, cancellationToken).ConfigureAwait(false);
        if (response.Status != HttpStatusCode.NoContent && response.Code is < 200 or > 299)
        {
            throw StoreClient.Unexpected(HttpMethod.Post, path, response, "204");
        }
    }

    /// <summary>The tenant's series over all time (<c>start=0</c>: the default range of /api/v1/series is recent data only).</summary>
    private async Task<int> CountSeriesAsync(string scope, CancellationToken cancellationToken)
    {
        var path = "api/v1/series?" + scope + "&start=0";
        var response = await client.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        if (response.Status != HttpStatusCode.OK)
        {
            throw StoreClient.Unexpected(HttpMethod.Get, path, response, "200");
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body);
            var root = document.RootElement;
            if (root.GetProperty("status").GetString() != "success" || root.GetProperty("data").ValueKind != JsonValueKind.Array)
            {
                throw StoreClient.Unexpected(HttpMethod.Get, path, response, "status success with a data list");
            }

            return root.GetProperty("data").GetArrayLength();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw StoreClient.Unexpected(HttpMethod.Get, path, response, "a JSON series list");
        }
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
