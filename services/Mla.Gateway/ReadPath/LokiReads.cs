using Microsoft.Extensions.Options;
using Mla.Gateway.Tenants;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// The Loki read API under <c>/loki/api/v1/…</c> (<c>query</c>, <c>query_range</c>, <c>labels</c>,
/// <c>label/{name}/values</c>, <c>series</c>), GET or form POST, with <c>X-Scope-OrgID</c> forced to the caller's
/// tenant (admins: every tenant of their seed, <c>a|b|c</c>); the caller's header is never forwarded.
/// </summary>
public sealed class LokiReads(ReadStoreClient client, IOptions<GatewayOptions> options)
{
    public async Task ReadAsync(HttpContext context, string path, ReadCaller caller, TenantSnapshot snapshot, CancellationToken cancellationToken)
    {
        var store = options.Value.ReadPath.Logs;
        if (!store.Enabled || !ReadPaths.IsLoki(path))
        {
            await ReadPipeline.Problem(context, StatusCodes.Status404NotFound, "Not found", store.Enabled ? $"the read path does not serve api/v1/{path}" : "no log store is configured");
            return;
        }

        var request = context.Request;
        using var message = new HttpRequestMessage(
            HttpMethods.IsPost(request.Method) ? HttpMethod.Post : HttpMethod.Get,
            new Uri(store.BaseUri, "api/v1/" + path + ReadStoreClient.QueryString(ReadStoreClient.Pairs(request.Query))));
        if (HttpMethods.IsPost(request.Method))
        {
            if (!request.HasFormContentType)
            {
                await ReadPipeline.Problem(context, StatusCodes.Status415UnsupportedMediaType, "Form expected", "POST reads take application/x-www-form-urlencoded");
                return;
            }

            message.Content = new FormUrlEncodedContent(ReadStoreClient.Pairs(await request.ReadFormAsync(cancellationToken)));
        }

        if (!await PrometheusReads.ScopeHeaderAsync(context, message, caller, snapshot))
        {
            return;
        }

        using var response = await client.SendAsync(message, cancellationToken);
        await ReadStoreClient.CopyAsync(response, context, cancellationToken);
    }
}
