using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Mla.Rules.Groups;
using Mla.Rules.Rulers;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mla.Rules.Tests.Fakes;

/// <summary>
/// The Mimir/Cortex Alertmanager configuration API (https://grafana.com/docs/mimir/latest/references/http-api/#alertmanager): GET → 200 YAML or 404
/// <c>alertmanager storage object not found</c>; POST (an idempotent replace) → 201 with an empty body, 400 on bad
/// YAML or an empty configuration; DELETE → 200 even when nothing exists; 401 without <c>X-Scope-OrgID</c>.
/// </summary>
public sealed class FakeAlertmanagerApi : FakeServer
{
    private readonly ConcurrentDictionary<string, string> _configs = new(StringComparer.Ordinal);

    public static async Task<FakeAlertmanagerApi> StartAsync()
    {
        var api = new FakeAlertmanagerApi();
        await api.StartServerAsync();
        return api;
    }

    public string? Config(string tenant) => _configs.GetValueOrDefault(tenant);

    protected override void Map(WebApplication app)
    {
        app.MapGet("/api/v1/alerts", (HttpContext c) => WithTenant(c, tenant =>
            _configs.TryGetValue(tenant, out var body) ? Text(c, 200, body, "application/yaml") : Text(c, 404, "alertmanager storage object not found")));
        app.MapPost("/api/v1/alerts", (HttpContext c) => WithTenant(c, async tenant =>
        {
            using var reader = new StreamReader(c.Request.Body);
            var body = await reader.ReadToEndAsync();
            try
            {
                if (Yaml.Load(body) is not YamlMappingNode root || Yaml.Child(root, "alertmanager_config") is not YamlScalarNode config)
                {
                    await Text(c, 400, "error marshalling YAML Alertmanager config: alertmanager_config is missing");
                    return;
                }

                if (string.IsNullOrWhiteSpace(config.Value))
                {
                    await Text(c, 400, "error validating Alertmanager config: configuration provided is empty, if you'd like to remove your configuration please use the delete configuration endpoint");
                    return;
                }
            }
            catch (YamlException e)
            {
                await Text(c, 400, $"error marshalling YAML Alertmanager config: {e.Message}");
                return;
            }

            _configs[tenant] = body;
            await Text(c, 201, string.Empty);
        }));
        app.MapDelete("/api/v1/alerts", (HttpContext c) => WithTenant(c, tenant =>
        {
            _configs.TryRemove(tenant, out _);
            return Text(c, 200, string.Empty);
        }));
    }

    private static Task WithTenant(HttpContext context, Func<string, Task> handle) =>
        context.Request.Headers.TryGetValue(RulerClient.TenantHeader, out var tenant) && !string.IsNullOrEmpty(tenant)
            ? handle(tenant.ToString())
            : Text(context, 401, "unable to determine the OrgID: no org id");
}
