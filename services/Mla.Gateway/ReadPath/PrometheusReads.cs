using Microsoft.Extensions.Options;
using Mla.Gateway.Tenants;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// The Prometheus HTTP API under <c>/prometheus/api/v1/…</c>, GET or form POST, forwarded to the metrics store with the
/// tenant scope forced. VictoriaMetrics: <c>extra_label=&lt;label&gt;=&lt;tenant&gt;</c> in the query string and (POST) the form,
/// every <c>extra_label</c>/<c>extra_filters</c> of the caller removed from both, whatever its spelling of the name.
/// Mimir/Cortex: <c>X-Scope-OrgID</c> (admins: every tenant of their seed, <c>a|b|c</c>). Admins read VictoriaMetrics unscoped.
/// Per-query limits (<see cref="ReadLimits"/>): <c>series</c>, <c>labels</c> and <c>label/…/values</c> get
/// <c>limit</c> = the caller's series per query (the caller's own <c>limit</c> only when smaller); every answer of
/// those and of <c>query</c>/<c>query_range</c> is counted on its way through (<see cref="MeteredAnswer"/>).
/// </summary>
public sealed class PrometheusReads(ReadStoreClient client, MeteredAnswer metered, IOptions<GatewayOptions> options)
{
    /// <summary>The parameter VictoriaMetrics (1.79 measured) and Prometheus (2.49+) take on these paths to cap the items answered.</summary>
    public const string LimitParameter = "limit";

    /// <summary>The paths whose answer is capped by <see cref="LimitParameter"/>.</summary>
    public static bool TakesLimit(string path) => path is "series" or "labels" || path.StartsWith("label/", StringComparison.Ordinal);

    /// <summary>The paths whose answer is counted against the caller's series and samples per query.</summary>
    public static bool IsMetered(string path) => path is "query" or "query_range" || TakesLimit(path);

    /// <summary>
    /// The caller's pairs with every <c>limit</c> (any case or spacing) replaced by one: the caller's first value when
    /// it is a whole number from 1 to <paramref name="maxItems"/>, else <paramref name="maxItems"/>. VictoriaMetrics
    /// reads the first <c>limit</c> and takes 0 or a negative one as none, so the caller's own are never forwarded.
    /// </summary>
    public static List<KeyValuePair<string, string>> Limited(IEnumerable<KeyValuePair<string, string>> pairs, int maxItems)
    {
        var kept = new List<KeyValuePair<string, string>>();
        string? asked = null;
        foreach (var pair in pairs)
        {
            if (string.Equals(pair.Key.Trim(), LimitParameter, StringComparison.OrdinalIgnoreCase))
            {
                asked ??= pair.Value;
                continue;
            }

            kept.Add(pair);
        }

        var limit = int.TryParse(asked, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= maxItems
            ? value
            : maxItems;
        kept.Add(new(LimitParameter, limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return kept;
    }

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
        var limits = ReadLimits.For(caller, settings);
        var query = Forwarded(ReadStoreClient.Pairs(request.Query), path, caller, store.Kind, settings.TenantLabel, limits);
        using var message = new HttpRequestMessage(HttpMethods.IsPost(request.Method) ? HttpMethod.Post : HttpMethod.Get, new Uri(store.BaseUri, "api/v1/" + path + ReadStoreClient.QueryString(query)));
        if (HttpMethods.IsPost(request.Method))
        {
            if (!request.HasFormContentType)
            {
                await ReadPipeline.Problem(context, StatusCodes.Status415UnsupportedMediaType, "Form expected", "POST reads take application/x-www-form-urlencoded");
                return;
            }

            var form = await request.ReadFormAsync(cancellationToken);
            message.Content = new FormUrlEncodedContent(Forwarded(ReadStoreClient.Pairs(form), path, caller, store.Kind, settings.TenantLabel, limits));
        }

        if (store.Kind == ReadStoreKind.Mimir && !await ScopeHeaderAsync(context, message, caller, snapshot))
        {
            return;
        }

        using var response = await client.SendAsync(message, cancellationToken);
        if (IsMetered(path))
        {
            await metered.CopyAsync(response, context, caller, limits, settings.MaxHeldAnswerBytes, cancellationToken);
        }
        else
        {
            await ReadStoreClient.CopyAsync(response, context, cancellationToken);
        }
    }

    /// <summary>The pairs as forwarded: scoped (<see cref="Scoped"/>) and, where the path takes one, limited (<see cref="Limited"/>).</summary>
    public static List<KeyValuePair<string, string>> Forwarded(
        IEnumerable<KeyValuePair<string, string>> pairs, string path, ReadCaller caller, ReadStoreKind kind, string label, ReadLimits limits)
    {
        var scoped = Scoped(pairs, caller, kind, label);
        return TakesLimit(path) ? Limited(scoped, limits.MaxSeriesPerQuery) : scoped;
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
