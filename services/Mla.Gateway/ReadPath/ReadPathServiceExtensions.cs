using System.Net;
using Microsoft.Extensions.Options;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// The gateway's read path: <c>/prometheus/api/v1/…</c>, <c>/loki/api/v1/…</c> and <c>/alertmanager/api/v2/…</c>,
/// each scoped to the caller's read credential. Not admin routes: they check the read credential themselves.
/// </summary>
public static class ReadPathServiceExtensions
{
    public const string PrometheusRoute = "/prometheus/api/v1/{**path}";
    public const string LokiRoute = "/loki/api/v1/{**path}";
    public const string AlertmanagerRoute = "/alertmanager/api/v2/{**path}";

    public static IServiceCollection AddReadPath(this IServiceCollection services)
    {
        services.AddHttpClient(ReadStoreClient.ClientName)
            .ConfigureHttpClient((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.ReadPath.Timeout + TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, UseCookies = false });
        services.AddSingleton<ReadStoreClient>();
        services.AddSingleton<AdminReadTokens>();
        services.AddSingleton<ReadAuthenticator>();
        services.AddSingleton<ReadLimiter>();
        services.AddSingleton<ReadPipeline>();
        services.AddSingleton<ReadPathMetrics>();
        services.AddSingleton<MeteredAnswer>();
        services.AddSingleton<PrometheusReads>();
        services.AddSingleton<LokiReads>();
        services.AddSingleton<AlertmanagerReads>();
        services.AddHostedService<SeedReadTokenFeed>();
        return services;
    }

    public static IEndpointRouteBuilder MapReadPath(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(PrometheusRoute, [HttpMethods.Get, HttpMethods.Post], (HttpContext context, string path, ReadPipeline pipeline, PrometheusReads reads) =>
            pipeline.HandleAsync(context, (caller, snapshot, ct) => reads.ReadAsync(context, path, caller, snapshot, ct))).AllowAnonymous();
        endpoints.MapMethods(LokiRoute, [HttpMethods.Get, HttpMethods.Post], (HttpContext context, string path, ReadPipeline pipeline, LokiReads reads) =>
            pipeline.HandleAsync(context, (caller, snapshot, ct) => reads.ReadAsync(context, path, caller, snapshot, ct))).AllowAnonymous();
        endpoints.MapMethods(AlertmanagerRoute, [HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete], (HttpContext context, string path, ReadPipeline pipeline, AlertmanagerReads reads) =>
            pipeline.HandleAsync(context, (caller, snapshot, ct) => reads.ReadAsync(context, path, caller, snapshot, ct))).AllowAnonymous();
        return endpoints;
    }
}
