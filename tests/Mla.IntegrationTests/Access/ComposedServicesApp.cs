using Mla.Exporters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mla.Gateway;
using Mla.Grafana;
using Mla.Hosting;
using Mla.IntegrationTests.Support;
using Mla.Rules;
using Mla.Tenants;
using Mla.Webhooks;
using Mla.Writer;

namespace Mla.IntegrationTests.Access;

/// <summary>Every service composed into one process, as <c>Mla.Host --targets all</c> does, on the in-memory bus and SQLite.</summary>
internal sealed class ComposedServicesApp : IAsyncDisposable
{
    public const string WebhookSecret = "admin-routes-secret";
    private readonly string _directory;

    private ComposedServicesApp(WebApplication app, string directory)
    {
        App = app;
        _directory = directory;
        BaseAddress = new Uri(app.Urls.First());
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>Every endpoint the services mapped.</summary>
    public IEnumerable<RouteEndpoint> Routes => ((IEndpointRouteBuilder)App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>();

    public HttpClient Client(string? token) => new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) }.As(token);

    public static async Task<ComposedServicesApp> StartAsync(string bootstrapServers)
    {
        var directory = Directory.CreateTempSubdirectory("mla-admin-routes-").FullName;
        var builder = MlaApplication.CreateBuilder("host", new WebApplicationOptions
        {
            ContentRootPath = directory,
            Args = ["--urls", "http://127.0.0.1:0"],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Bus:Transport"] = "InMemory",
            ["Mla:Webhooks:Secret"] = WebhookSecret,
            ["Mla:Webhooks:ResyncInterval"] = "00:00:00",
            ["Mla:Catalog:SqlitePath"] = Path.Combine(directory, "catalog.db"),
            ["Mla:Tenants:SqlitePath"] = Path.Combine(directory, "tenants.db"),
            ["Mla:Tenants:KeyEncryptionKey"] = Convert.ToBase64String(new byte[32]),
            ["Mla:Tenants:GatewayUrl"] = "https://gateway.test:9443/api/v1/push",
            ["Mla:Gateway:Kafka:BootstrapServers"] = bootstrapServers,
            ["Mla:Gateway:Kafka:Topic"] = AdminRoutesKafkaFixture.Topic,
            ["Mla:Gateway:Kafka:LogsTopic"] = AdminRoutesKafkaFixture.LogsTopic,
            ["Mla:Writer:Kafka:BootstrapServers"] = bootstrapServers,
            ["Mla:Writer:Kafka:SessionTimeout"] = "00:00:06",
            ["Mla:Writer:Topic"] = AdminRoutesKafkaFixture.Topic,
            ["Mla:Writer:ShutdownTimeout"] = "00:00:05",
            // Nothing listens there: the routes are checked, not the writes.
            ["Mla:Writer:Sinks:vm:Url"] = "http://127.0.0.1:9/api/v1/write",
            ["Mla:Writer:Sinks:vm:TenantPlacement"] = "extra-label",
            ["Mla:Exporters:RenderDirectory"] = Path.Combine(directory, "rendered"),
            ["Mla:AgentRollouts:SqlitePath"] = Path.Combine(directory, "agent-rollouts.db"),
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(TestAccess.Settings());
        // A render-mode health source that never says Healthy: the sample rollout waits for health and stays Running.
        builder.Services.AddSingleton<global::Mla.Exporters.Export.IRenderedAgentHealth, global::Mla.IntegrationTests.Exporters.AgentsStartingHealth>();
        builder.AddWebhooksService().AddGatewayService().AddWriterService().AddTenantsService().AddRulesService().AddExportersService().AddGrafanaService();
        var app = MlaApplication.Build(builder, a =>
        {
            a.MapWebhooksService();
            a.MapGatewayService();
            a.MapWriterService();
            a.MapTenantsService();
            a.MapRulesService();
            a.MapExportersService();
            a.MapGrafanaService();
        });
        await app.StartAsync();
        return new ComposedServicesApp(app, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
