using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Mla.Hosting.Access;
using Mla.IntegrationTests.Support;
using Mla.IntegrationTests.Webhooks;
using Mla.Webhooks.CloudEvents;
using Mla.Webhooks.Intake;
using Mla.Webhooks.Signatures;

namespace Mla.IntegrationTests.Access;

/// <summary>
/// Every <c>/api/v1</c> and <c>/internal/v1</c> route of every service, read from the endpoint data source of the
/// composed services: each has a role policy (only the signed webhook and the agents' push are open, and they check
/// their own credentials), answers 401 without a credential, 403 with a lower role, and its 2xx with the right one.
/// A new route without a policy or without a sample here fails this test.
/// </summary>
public sealed class AdminRoutesTests : IClassFixture<AdminRoutesKafkaFixture>, IAsyncLifetime
{
    /// <summary>Routes under the admin prefixes that authenticate their callers themselves.</summary>
    private static readonly HashSet<string> OpenRoutes = new(StringComparer.Ordinal)
    {
        $"POST {KkpWebhookEndpoint.Route}",
        "POST /api/v1/push",
        "POST /api/prom/push",
        "POST /loki/api/v1/push",
    };

    private static readonly RouteSample[] Samples =
    [
        new("GET", "/api/v1/clusters", _ => Get("/api/v1/clusters"), HttpStatusCode.OK),
        new("GET", "/api/v1/clusters/{id}", c => Get($"/api/v1/clusters/{c.ClusterId}"), HttpStatusCode.OK),
        new("POST", "/api/v1/resync", _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/resync"), HttpStatusCode.Accepted,
            (c, body) => c.Captured["resync"] = body.GetProperty("id").GetString()!),
        new("GET", "/api/v1/resync/{id}", c => Get($"/api/v1/resync/{c.Captured["resync"]}"), HttpStatusCode.OK),
        new("GET", "/api/v1/tenants", _ => Get("/api/v1/tenants"), HttpStatusCode.OK),
        new("GET", "/api/v1/tenants/{id}", c => Get($"/api/v1/tenants/{c.ClusterId}"), HttpStatusCode.OK),
        new("GET", "/api/v1/seeds/{seed}/ca", c => Get($"/api/v1/seeds/{c.Seed}/ca"), HttpStatusCode.OK),
        new("GET", "/api/v1/seeds/{seed}/cas", c => Get($"/api/v1/seeds/{c.Seed}/cas"), HttpStatusCode.OK),
        new("GET", "/internal/v1/tenants/{id}/credentials", c => Get($"/internal/v1/tenants/{c.ClusterId}/credentials"), HttpStatusCode.OK),
        new("GET", "/internal/v1/seeds/{seed}/read-token", c => Get($"/internal/v1/seeds/{c.Seed}/read-token"), HttpStatusCode.OK),
        new("GET", "/api/v1/seeds/read-tokens", _ => Get("/api/v1/seeds/read-tokens"), HttpStatusCode.OK),
        new("GET", "/api/v1/grafana/status", _ => Get("/api/v1/grafana/status"), HttpStatusCode.OK),
        // Grafana sync is off in this app: the project has no Grafana status (404), behind the viewer role all the same.
        new("GET", "/api/v1/projects/{id}/grafana", _ => Get("/api/v1/projects/p1/grafana"), HttpStatusCode.NotFound),
        new("POST", "/api/v1/replay", c => new HttpRequestMessage(HttpMethod.Post, "/api/v1/replay")
        {
            Content = JsonContent.Create(new { tenant = c.ClusterId, from = DateTimeOffset.UtcNow.AddMinutes(-5), to = DateTimeOffset.UtcNow, sink = "vm" }),
        }, HttpStatusCode.Accepted, (c, body) => c.Captured["replay"] = body.GetProperty("id").GetString()!),
        new("GET", "/api/v1/replay/{id}", c => Get($"/api/v1/replay/{c.Captured["replay"]}"), HttpStatusCode.OK),
        new("POST", "/api/v1/seeds/{seed}/ca/rotate", c => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/seeds/{c.Seed}/ca/rotate"), HttpStatusCode.Accepted,
            (c, body) => c.Captured["rotation"] = body.GetProperty("id").GetString()!),
        new("GET", "/api/v1/agents", _ => Get("/api/v1/agents"), HttpStatusCode.OK),
        new("GET", "/api/v1/clusters/{id}/agents", c => Get($"/api/v1/clusters/{c.ClusterId}/agents"), HttpStatusCode.OK),
        // A rollout of the metrics agent; the composed app's render-mode health source never says Healthy, so it keeps running for pause/resume/abort.
        new("POST", "/api/v1/agents/rollouts", _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/agents/rollouts")
        {
            Content = JsonContent.Create(new { component = "metrics-agent", image = "docker.io/victoriametrics/vmagent:v1.99.0", waves = new[] { new { percent = 100 } } }),
        }, HttpStatusCode.Created, (c, body) => c.Captured["rollout"] = body.GetProperty("id").GetString()!),
        new("GET", "/api/v1/agents/rollouts", _ => Get("/api/v1/agents/rollouts"), HttpStatusCode.OK),
        new("GET", "/api/v1/agents/rollouts/{id}", c => Get($"/api/v1/agents/rollouts/{c.Captured["rollout"]}"), HttpStatusCode.OK),
        new("POST", "/api/v1/agents/rollouts/{id}/pause", c => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agents/rollouts/{c.Captured["rollout"]}/pause"), HttpStatusCode.OK),
        new("POST", "/api/v1/agents/rollouts/{id}/resume", c => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agents/rollouts/{c.Captured["rollout"]}/resume"), HttpStatusCode.OK),
        new("POST", "/api/v1/agents/rollouts/{id}/abort", c => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agents/rollouts/{c.Captured["rollout"]}/abort"), HttpStatusCode.OK),
        new("GET", "/api/v1/seeds/{seed}/ca/rotations/{id}", c => Get($"/api/v1/seeds/{c.Seed}/ca/rotations/{c.Captured["rotation"]}"), HttpStatusCode.OK),
        new("GET", "/api/v1/clusters/{id}/rulegroups", c => Get($"/api/v1/clusters/{c.ClusterId}/rulegroups"), HttpStatusCode.OK),
        new("GET", "/api/v1/clusters/{id}/rulegroups/{name}", c => Get($"/api/v1/clusters/{c.ClusterId}/rulegroups/{SampleRuleGroup}"), HttpStatusCode.OK),
        new("GET", "/api/v1/clusters/{id}/alertmanager", c => Get($"/api/v1/clusters/{c.ClusterId}/alertmanager"), HttpStatusCode.OK),
    ];

    private const string SampleRuleGroup = "sample";

    private readonly AdminRoutesKafkaFixture _kafka;
    private ComposedServicesApp _app = null!;
    private RouteSampleContext _context = null!;

    public AdminRoutesTests(AdminRoutesKafkaFixture kafka) => _kafka = kafka;

    public async Task InitializeAsync()
    {
        _app = await ComposedServicesApp.StartAsync(_kafka.Server.BootstrapServers);
        using var http = _app.Client(TestAccess.OperatorToken);
        await ServiceHttp.WaitUntilReadyAsync(http, TimeSpan.FromSeconds(60));
        _context = await CreateReadyTenantAsync(http);
        await CreateRuleGroupAsync(http, _context.ClusterId);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Every_admin_route_has_a_role_and_answers_401_403_and_2xx()
    {
        var admin = _app.Routes
            .Where(r => r.RoutePattern.RawText is { } path && (path.StartsWith("/api/v1", StringComparison.Ordinal) || path.StartsWith("/internal/v1", StringComparison.Ordinal)))
            .SelectMany(r => (r.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => (Key: $"{m} {r.RoutePattern.RawText}", Route: r)))
            .ToList();
        Assert.True(admin.Count >= Samples.Length, $"only {admin.Count} admin routes found");

        var failures = new List<string>();
        var policies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, route) in admin)
        {
            var anonymous = route.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var role = route.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(MlaRoles.IsKnown);
            if (anonymous != OpenRoutes.Contains(key))
            {
                failures.Add(anonymous ? $"{key} is open to anyone" : $"{key} should check its own credential and be marked AllowAnonymous");
            }
            else if (!anonymous && role is null)
            {
                failures.Add($"{key} has no role policy (RequireViewer/RequireOperator/RequireInternal)");
            }
            else if (!anonymous && Samples.All(s => s.Key != key))
            {
                failures.Add($"{key} has no sample request in {nameof(AdminRoutesTests)}");
            }

            if (role is not null)
            {
                policies[key] = role;
            }
        }

        foreach (var sample in Samples.Where(s => !policies.ContainsKey(s.Key)))
        {
            failures.Add($"sample {sample.Key} matches no route with a role");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        foreach (var sample in Samples)
        {
            var role = policies[sample.Key];
            Assert.Equal((sample.Key, HttpStatusCode.Unauthorized), (sample.Key, await StatusAsync(sample, token: null)));
            foreach (var lower in LowerRoles(role))
            {
                Assert.Equal((sample.Key, lower, HttpStatusCode.Forbidden), (sample.Key, lower, await StatusAsync(sample, TestAccess.TokenOf[lower])));
            }

            using var http = _app.Client(TestAccess.TokenOf[role]);
            using var response = await http.SendAsync(sample.Request(_context));
            Assert.Equal((sample.Key, sample.Expected), (sample.Key, response.StatusCode));
            if (sample.Capture is not null)
            {
                sample.Capture(_context, await response.Content.ReadFromJsonAsync<JsonElement>());
            }
        }
    }

    /// <summary>Roles that must be refused: viewer below operator; viewer and operator beside internal (no private keys for operators).</summary>
    private static IEnumerable<string> LowerRoles(string role) => role switch
    {
        MlaRoles.Operator => [MlaRoles.Viewer, MlaRoles.Internal],
        MlaRoles.Internal => [MlaRoles.Viewer, MlaRoles.Operator],
        _ => [],
    };

    private async Task<HttpStatusCode> StatusAsync(RouteSample sample, string? token)
    {
        using var http = _app.Client(token);
        using var response = await http.SendAsync(sample.Request(_context));
        return response.StatusCode;
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    /// <summary>A rule group of the cluster on the composed bus, until the rules service reports its status (Failed here: no backend is configured).</summary>
    private async Task CreateRuleGroupAsync(HttpClient http, string clusterId)
    {
        var bus = _app.App.Services.GetRequiredService<MassTransit.IBus>();
        await bus.Publish(new Mla.Contracts.Rules.RuleGroupChanged(Guid.NewGuid().ToString(), "urn:test", DateTimeOffset.UtcNow,
            new Mla.Contracts.Rules.RuleGroupState(SampleRuleGroup, clusterId, Mla.Contracts.Rules.RuleGroupType.Metrics, "name: sample\nrules:\n  - alert: A\n    expr: vector(1)\n"), null));
        await Eventually.WaitAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri($"/api/v1/clusters/{clusterId}/rulegroups/{SampleRuleGroup}", UriKind.Relative));
                return response.StatusCode;
            },
            status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30),
            status => $"rule group status is {status}");
    }

    /// <summary>A signed cluster.created into the composed webhooks service, then waits until its tenant is Ready.</summary>
    private static async Task<RouteSampleContext> CreateReadyTenantAsync(HttpClient http)
    {
        var clusterId = ExampleEvent.NewClusterId();
        var created = ExampleEvent.Fresh(KkpEventTypes.ClusterCreated, clusterId);
        created["time"] = DateTimeOffset.UtcNow.ToString("O");
        var body = ExampleEvent.Bytes(created);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(KkpWebhookEndpoint.SingleMediaType);
        using var webhook = new HttpRequestMessage(HttpMethod.Post, KkpWebhookEndpoint.Route) { Content = content };
        webhook.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Compute(body, Encoding.UTF8.GetBytes(ComposedServicesApp.WebhookSecret)));
        using var accepted = await http.SendAsync(webhook);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var tenant = await Eventually.WaitAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri($"/api/v1/tenants/{clusterId}", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            t => t.ValueKind == JsonValueKind.Object && t.GetProperty("status").GetString() == "Ready",
            TimeSpan.FromSeconds(30),
            _ => $"tenant {clusterId} did not become Ready");
        return new RouteSampleContext(clusterId, tenant.GetProperty("seed").GetString()!);
    }
}
