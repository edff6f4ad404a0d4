using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mla.Gateway.Tenants;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// The Alertmanager API v2 under <c>/alertmanager/api/v2/…</c> (<c>alerts</c>, <c>alerts/groups</c>, <c>silences</c>,
/// <c>silence/{id}</c>, <c>status</c>). One Alertmanager for every tenant (<see cref="ReadStoreKind.Alertmanager"/>):
/// a tenant sees only alerts whose tenant label is its id (asked with a <c>filter</c> and checked again on the answer),
/// only silences that carry the matcher <c>tenant="&lt;id&gt;"</c>; a silence it creates always carries that matcher
/// (any tenant matcher it sent is replaced), and it can neither change nor expire another's; the status answer
/// leaves out the configuration (it names every tenant's receivers). Mimir: <c>X-Scope-OrgID</c> (an admin names one
/// tenant of its seed in that header, as Mimir's Alertmanager is per tenant).
/// </summary>
public sealed class AlertmanagerReads(ReadStoreClient client, IOptions<GatewayOptions> options)
{
    private const int MaxBodyBytes = 1024 * 1024;

    public async Task ReadAsync(HttpContext context, string path, ReadCaller caller, TenantSnapshot snapshot, CancellationToken cancellationToken)
    {
        var store = options.Value.ReadPath.Alertmanager;
        var method = context.Request.Method;
        var silenceId = path.StartsWith("silence/", StringComparison.Ordinal) ? path["silence/".Length..] : null;
        var known = (path, method) switch
        {
            ("alerts" or "alerts/groups" or "status", "GET") => true,
            ("silences", "GET" or "POST") => true,
            _ => silenceId is not null && ReadPaths.SilenceId().IsMatch(silenceId) && method is "GET" or "DELETE",
        };
        if (!store.Enabled || !known)
        {
            await ReadPipeline.Problem(context, StatusCodes.Status404NotFound, "Not found", store.Enabled ? $"the read path does not serve {method} api/v2/{path}" : "no Alertmanager is configured");
            return;
        }

        if (store.Kind == ReadStoreKind.Mimir)
        {
            await ForwardToMimirAsync(context, store, path, caller, snapshot, cancellationToken);
        }
        else if (caller.IsAdmin)
        {
            await ForwardAsync(context, store, path, ReadStoreClient.Pairs(context.Request.Query), await BodyAsync(context, cancellationToken), cancellationToken);
        }
        else
        {
            await TenantReadAsync(context, store, path, silenceId, caller.Tenant!.Id, cancellationToken);
        }
    }

    private async Task TenantReadAsync(HttpContext context, ReadStoreOptions store, string path, string? silenceId, string tenant, CancellationToken cancellationToken)
    {
        var label = options.Value.ReadPath.TenantLabel;
        var query = ReadStoreClient.Pairs(context.Request.Query).ToList();
        switch (path, context.Request.Method)
        {
            case ("alerts" or "alerts/groups", _):
                query.Add(new("filter", $"{label}=\"{tenant}\""));
                await FilteredAsync(context, store, path, query, node => path == "alerts" ? OnlyAlerts(node, label, tenant) : OnlyGroups(node, label, tenant), cancellationToken);
                return;
            case ("silences", "GET"):
                await FilteredAsync(context, store, path, query, node => Only(node, s => Owns(s, label, tenant)), cancellationToken);
                return;
            case ("silences", "POST"):
                await CreateSilenceAsync(context, store, label, tenant, cancellationToken);
                return;
            case ("status", _):
                await FilteredAsync(context, store, path, query, WithoutConfig, cancellationToken);
                return;
        }

        // silence/{id}: only the tenant's own.
        if (!await OwnsSilenceAsync(store, silenceId!, label, tenant, cancellationToken))
        {
            await ReadPipeline.Problem(context, StatusCodes.Status404NotFound, "Silence not found", $"no silence {silenceId} of this tenant");
            return;
        }

        await ForwardAsync(context, store, path, query, null, cancellationToken);
    }

    private async Task CreateSilenceAsync(HttpContext context, ReadStoreOptions store, string label, string tenant, CancellationToken cancellationToken)
    {
        var body = await BodyAsync(context, cancellationToken);
        JsonObject? silence;
        string? id;
        try
        {
            silence = body is null ? null : JsonNode.Parse(body) as JsonObject;
            id = silence?["id"]?.GetValue<string>();
            _ = silence?["matchers"]?.AsArray().Select(m => m?["name"]?.GetValue<string>()).ToList();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            silence = null;
            id = null;
        }

        if (silence is null)
        {
            await ReadPipeline.Problem(context, StatusCodes.Status400BadRequest, "Silence expected", "POST silences takes a JSON silence");
            return;
        }

        if (id is { Length: > 0 }
            && (!ReadPaths.SilenceId().IsMatch(id) || !await OwnsSilenceAsync(store, id, label, tenant, cancellationToken)))
        {
            await ReadPipeline.Problem(context, StatusCodes.Status404NotFound, "Silence not found", $"no silence {id} of this tenant");
            return;
        }

        var matchers = silence["matchers"] as JsonArray ?? [];
        var kept = new JsonArray();
        foreach (var matcher in matchers.ToList())
        {
            if (matcher is JsonObject m && m["name"]?.GetValue<string>() != label)
            {
                kept.Add(matcher!.DeepClone());
            }
        }

        kept.Add(new JsonObject { ["name"] = label, ["value"] = tenant, ["isRegex"] = false, ["isEqual"] = true });
        silence["matchers"] = kept;
        await ForwardAsync(context, store, "silences", [], Encoding.UTF8.GetBytes(silence.ToJsonString()), cancellationToken);
    }

    private async Task<bool> OwnsSilenceAsync(ReadStoreOptions store, string id, string label, string tenant, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(store.BaseUri, "api/v2/silence/" + id));
        using var response = await client.SendAsync(message, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return false;
        }

        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) is JsonObject silence && Owns(silence, label, tenant);
    }

    /// <summary>A silence is the tenant's when one of its matchers is exactly <c>label="tenant"</c> (equal, not a regex).</summary>
    public static bool Owns(JsonNode? silence, string label, string tenant) =>
        silence?["matchers"] is JsonArray matchers && matchers.Any(m =>
            m?["name"]?.GetValue<string>() == label
            && m["value"]?.GetValue<string>() == tenant
            && m["isRegex"]?.GetValue<bool>() != true
            && m["isEqual"]?.GetValue<bool>() != false);

    private static bool IsTenants(JsonNode? alert, string label, string tenant) => alert?["labels"]?[label]?.GetValue<string>() == tenant;

    private static JsonArray OnlyAlerts(JsonNode? node, string label, string tenant) => Only(node, a => IsTenants(a, label, tenant));

    private static JsonNode? OnlyGroups(JsonNode? node, string label, string tenant)
    {
        if (node is not JsonArray groups)
        {
            return node;
        }

        var kept = new JsonArray();
        foreach (var group in groups.OfType<JsonObject>())
        {
            var alerts = OnlyAlerts(group["alerts"], label, tenant);
            if (alerts.Count > 0)
            {
                var copy = (JsonObject)group.DeepClone();
                copy["alerts"] = alerts;
                kept.Add(copy);
            }
        }

        return kept;
    }

    private static JsonArray Only(JsonNode? node, Func<JsonNode?, bool> keep) =>
        node is JsonArray items ? new JsonArray([.. items.Where(keep).Select(i => i?.DeepClone())]) : new JsonArray();

    private static JsonNode? WithoutConfig(JsonNode? node)
    {
        if (node is JsonObject status)
        {
            status["config"] = new JsonObject { ["original"] = "" };
        }

        return node;
    }

    private async Task FilteredAsync(
        HttpContext context, ReadStoreOptions store, string path, IEnumerable<KeyValuePair<string, string>> query, Func<JsonNode?, JsonNode?> filter, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(store.BaseUri, "api/v2/" + path + ReadStoreClient.QueryString(query)));
        using var response = await client.SendAsync(message, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            await ReadStoreClient.CopyAsync(response, context, cancellationToken);
            return;
        }

        var filtered = filter(JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)));
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(filtered?.ToJsonString() ?? "null", cancellationToken);
    }

    private async Task ForwardAsync(
        HttpContext context, ReadStoreOptions store, string path, IEnumerable<KeyValuePair<string, string>> query, byte[]? body, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(store.BaseUri, "api/v2/" + path + ReadStoreClient.QueryString(query)));
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new("application/json");
        }

        using var response = await client.SendAsync(message, cancellationToken);
        await ReadStoreClient.CopyAsync(response, context, cancellationToken);
    }

    private async Task ForwardToMimirAsync(HttpContext context, ReadStoreOptions store, string path, ReadCaller caller, TenantSnapshot snapshot, CancellationToken cancellationToken)
    {
        var tenants = caller.TenantIds(snapshot);
        var tenant = caller.IsAdmin ? context.Request.Headers[ReadStoreClient.ScopeHeader].ToString() : caller.Tenant!.Id;
        if (!tenants.Contains(tenant, StringComparer.Ordinal))
        {
            await ReadPipeline.Problem(context, StatusCodes.Status400BadRequest, "One tenant", "an admin names one tenant of its seed in X-Scope-OrgID (Mimir's Alertmanager is per tenant)");
            return;
        }

        using var message = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(store.BaseUri, "api/v2/" + path + ReadStoreClient.QueryString(ReadStoreClient.Pairs(context.Request.Query))));
        if (await BodyAsync(context, cancellationToken) is { } body)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new("application/json");
        }

        message.Headers.TryAddWithoutValidation(ReadStoreClient.ScopeHeader, tenant);
        using var response = await client.SendAsync(message, cancellationToken);
        await ReadStoreClient.CopyAsync(response, context, cancellationToken);
    }

    private static async Task<byte[]?> BodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new BadHttpRequestException("body too large", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
