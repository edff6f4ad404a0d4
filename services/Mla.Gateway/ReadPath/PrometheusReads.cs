using Microsoft.Extensions.Options;
using Mla.Gateway.Tenants;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// The Prometheus HTTP API under <c>/prometheus/api/v1/…</c>, GET or form POST, forwarded to the metrics store with the
/// tenant scope forced. VictoriaMetrics: <c>extra_label=&lt;label&gt;=&lt;tenant&gt;</c> in the query string and (POST) the form,
/// every <c>extra_label</c>/<c>extra_filters</c> of the caller removed from both, whatever its spelling of the name.
/// Mimir/Cortex: <c>X-Scope-OrgID</c> (admins: every tenant of their seed, <c>a|b|c</c>). Admins read VictoriaMetrics unscoped.
/// </summary>
public sealed class PrometheusReads(ReadStoreClient client, IOptions<GatewayOptions> options)
{
    /// <summary>VictoriaMetrics' scope parameters (also <c>extra_label[]</c>, <c>extra_filters[]</c>…): never the caller's.</summary>
    public static bool IsScopeParameter(string name) =>
        name.TrimStart().StartsWith("extra_label", StringComparison.OrdinalIgnoreCase) || name.TrimStart().StartsWith("extra_filters", StringComparison.OrdinalIgnoreCase);

    /// <summary>The caller's parameters without scope parameters, plus the forced scope (VictoriaMetrics, tenants only).</summary>
    public static List<KeyValuePair<string, string>> Scoped(IEnumerable<KeyValuePair<string, string>> pairs, ReadCaller caller, ReadStoreKind kind, string label)
    {
        if (caller.IsAdmin)
        {
            return [.. pairs];
        }

        var scoped = pairs.Where(p => !IsScopeParameter(p.Key)).ToList();
        if (kind == ReadStoreKind.VictoriaMetrics)
        {
            scoped.Add(new("extra_label", $"{label}={caller.Tenant!.Id}"));
        }

        return scoped;
    }

    public async Task ReadAsync(HttpContext context, string path, ReadCaller caller, TenantSnapshot snapshot, CancellationToken cancellationToken)
    {
        var settings = options.Value.ReadPath;
        var store = settings.Metrics;
        if (!store.Enabled || !ReadPaths.IsPrometheus(path))
        {
            await ReadPipeline.Problem(context, StatusCodes.Status404NotFound, "Not found", store.Enabled ? $"the read path does not serve api/v1/{path}" : "no metrics store is configured");
            return;
        }

        var request = context.Request;
        var query = Scoped(ReadStoreClient.Pairs(request.Query), caller, store.Kind, settings.TenantLabel);
        using var message = new HttpRequestMessage(HttpMethods.IsPost(request.Method) ? HttpMethod.Post : HttpMethod.Get, new Uri(store.BaseUri, "api/v1/" + path + ReadStoreClient.QueryString(query)));
        if (HttpMethods.IsPost(request.Method))
        {
            if (!request.HasFormContentType)
            {
                await ReadPipeline.Problem(context, StatusCodes.Status415UnsupportedMediaType, "Form expected", "POST reads take application/x-www-form-urlencoded");
                return;
            }

            var form = await request.ReadFormAsync(cancellationToken);
            message.Content = new FormUrlEncodedContent(Scoped(ReadStoreClient.Pairs(form), caller, store.Kind, settings.TenantLabel));
        }

        if (store.Kind == ReadStoreKind.Mimir && !await ScopeHeaderAsync(context, message, caller, snapshot))
        {
            return;
        }

        using var response = await client.SendAsync(message, cancellationToken);
        await ReadStoreClient.CopyAsync(response, context, cancellationToken);
    }

    /// <summary>Sets <c>X-Scope-OrgID</c> to the caller's tenants; false (and 404 answered) when it has none.</summary>
    public static async Task<bool> ScopeHeaderAsync(HttpContext context, HttpRequestMessage message, ReadCaller caller, TenantSnapshot snapshot)
    {
        var tenants = caller.TenantIds(snapshot);
        if (tenants.Count == 0)
        {
            await ReadPipeline.Problem(context, StatusCodes.Status404NotFound, "No tenant", "this credential reads no tenant yet");
            return false;
        }

        message.Headers.TryAddWithoutValidation(ReadStoreClient.ScopeHeader, string.Join('|', tenants));
        return true;
    }
}
