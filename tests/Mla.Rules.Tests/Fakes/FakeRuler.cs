using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Mla.Rules.Groups;
using Mla.Rules.Rulers;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mla.Rules.Tests.Fakes;

/// <summary>
/// The ruler config API of Mimir, Cortex or Loki (https://grafana.com/docs/mimir/latest/references/http-api/#ruler): tenant from <c>X-Scope-OrgID</c>
/// (401 <c>no org id</c> without), POST a group → 202 with the JSON status body (an upsert), GET a group → 200
/// YAML or 404, DELETE → 202 or 404, the namespace and the whole list (Mimir: 200 <c>{}</c> when empty; Cortex and
/// Loki: 404 <c>no rule groups found</c>), 400 on bad YAML (Loki's own typo), a missing name or no rules, and
/// expressions with unbalanced parentheses (the fake's stand-in for the real parser).
/// </summary>
public sealed class FakeRuler : FakeServer
{
    private const string Accepted = "{\"status\":\"success\",\"data\":null,\"errorType\":\"\",\"error\":\"\"}";
    private readonly ConcurrentDictionary<(string Tenant, string Namespace, string Group), string> _groups = new();

    private FakeRuler(RulerKind kind) => Kind = kind;

    public RulerKind Kind { get; }

    public string Prefix => new RulerOptions { Kind = Kind }.PathPrefix;

    public static async Task<FakeRuler> StartAsync(RulerKind kind)
    {
        var ruler = new FakeRuler(kind);
        await ruler.StartServerAsync();
        return ruler;
    }

    public IReadOnlyList<string> Groups(string tenant, string ns = "default") =>
        _groups.Keys.Where(k => k.Tenant == tenant && k.Namespace == ns).Select(k => k.Group).Order(StringComparer.Ordinal).ToList();

    public string? Group(string tenant, string group, string ns = "default") => _groups.GetValueOrDefault((tenant, ns, group));

    public int TenantCount => _groups.Keys.Select(k => k.Tenant).Distinct().Count();

    protected override void Map(WebApplication app)
    {
        var prefix = "/" + Prefix;
        app.MapGet(prefix, (HttpContext c) => WithTenant(c, tenant => ListAsync(c, tenant, null)));
        app.MapGet(prefix + "/{ns}", (HttpContext c, string ns) => WithTenant(c, tenant => ListAsync(c, tenant, Uri.UnescapeDataString(ns))));
        app.MapGet(prefix + "/{ns}/{group}", (HttpContext c, string ns, string group) => WithTenant(c, tenant =>
            _groups.TryGetValue((tenant, Uri.UnescapeDataString(ns), Uri.UnescapeDataString(group)), out var yaml)
                ? Text(c, 200, yaml, "application/yaml")
                : Text(c, 404, "group does not exist")));
        app.MapPost(prefix + "/{ns}", (HttpContext c, string ns) => WithTenant(c, async tenant =>
        {
            using var reader = new StreamReader(c.Request.Body);
            var body = await reader.ReadToEndAsync();
            var (name, error) = Validate(body);
            if (error is not null)
            {
                await Text(c, 400, error);
                return;
            }

            _groups[(tenant, Uri.UnescapeDataString(ns), name!)] = body;
            await Text(c, 202, Accepted, "application/json");
        }));
        app.MapDelete(prefix + "/{ns}/{group}", (HttpContext c, string ns, string group) => WithTenant(c, tenant =>
            _groups.TryRemove((tenant, Uri.UnescapeDataString(ns), Uri.UnescapeDataString(group)), out _)
                ? Text(c, 202, Accepted, "application/json")
                : Text(c, 404, "group does not exist")));
        app.MapDelete(prefix + "/{ns}", (HttpContext c, string ns) => WithTenant(c, tenant =>
        {
            var keys = _groups.Keys.Where(k => k.Tenant == tenant && k.Namespace == Uri.UnescapeDataString(ns)).ToList();
            keys.ForEach(k => _groups.TryRemove(k, out _));
            return keys.Count > 0 ? Text(c, 202, Accepted, "application/json") : Text(c, 404, "namespace does not exist");
        }));
    }

    private static Task WithTenant(HttpContext context, Func<string, Task> handle) =>
        context.Request.Headers.TryGetValue(RulerClient.TenantHeader, out var tenant) && !string.IsNullOrEmpty(tenant)
            ? handle(tenant.ToString())
            : Text(context, 401, "no org id");

    private Task ListAsync(HttpContext context, string tenant, string? ns)
    {
        var groups = _groups.Where(g => g.Key.Tenant == tenant && (ns is null || g.Key.Namespace == ns)).ToList();
        if (groups.Count == 0)
        {
            return Kind == RulerKind.Mimir ? Text(context, 200, "{}\n", "application/yaml") : Text(context, 404, "no rule groups found");
        }

        var root = new YamlMappingNode();
        foreach (var byNamespace in groups.GroupBy(g => g.Key.Namespace).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            root.Add(byNamespace.Key, new YamlSequenceNode(byNamespace.OrderBy(g => g.Key.Group, StringComparer.Ordinal).Select(g => Yaml.Load(g.Value)!)));
        }

        return Text(context, 200, Yaml.Save(root), "application/yaml");
    }

    private (string? Name, string? Error) Validate(string body)
    {
        YamlNode? root;
        try
        {
            root = Yaml.Load(body);
        }
        catch (YamlException)
        {
            return (null, Kind == RulerKind.Loki ? "unable to decoded rule group" : "unable to decode rule group");
        }

        if (root is not YamlMappingNode group)
        {
            return (null, "unable to decode rule group");
        }

        var name = Yaml.ScalarValue(group, "name");
        if (string.IsNullOrEmpty(name))
        {
            return (null, "invalid rules config: rule group name must not be empty");
        }

        if (Yaml.Child(group, "rules") is not YamlSequenceNode { Children.Count: > 0 } rules)
        {
            return (null, $"invalid rules config: rule group '{name}' has no rules");
        }

        foreach (var rule in rules.Children.OfType<YamlMappingNode>())
        {
            var expr = Yaml.ScalarValue(rule, "expr") ?? string.Empty;
            if (expr.Count(c => c == '(') != expr.Count(c => c == ')'))
            {
                return (null, $"group \"{name}\", rule 1, \"{Yaml.ScalarValue(rule, "alert") ?? Yaml.ScalarValue(rule, "record")}\": could not parse expression: unclosed left parenthesis");
            }
        }

        return (name, null);
    }
}
