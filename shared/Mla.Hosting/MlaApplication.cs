using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mla.Hosting.Access;
using Mla.Hosting.Bus;
using Mla.Hosting.Health;
using Mla.Hosting.Listeners;
using Mla.Hosting.Logging;
using Mla.Hosting.Loops;
using Mla.Hosting.Metrics;
using Serilog;

namespace Mla.Hosting;

/// <summary>The service defaults every MLA service and Mla.Host share: logging, health, metrics and the bus.</summary>
public static class MlaApplication
{
    public static WebApplicationBuilder CreateBuilder(string serviceName, string[] args) =>
        CreateBuilder(serviceName, new WebApplicationOptions { Args = args });

    public static WebApplicationBuilder CreateBuilder(string serviceName, WebApplicationOptions options)
    {
        var builder = WebApplication.CreateBuilder(options);
        builder.AddMlaSerilog(serviceName);
        builder.Services.AddMlaMetrics();
        builder.Services.AddHealthChecks();
        builder.Services.AddMlaLoops();
        builder.AddMlaAccess();
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>Builds the app after the services were added: the bus last, then the shared endpoints.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, Action<WebApplication> mapEndpoints)
    {
        builder.AddMlaBus();
        var hasExtraListeners = builder.ApplyListeners();
        var app = builder.Build();
        app.UseSerilogRequestLogging(request =>
        {
            request.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            // An endpoint with its own RequestLogLevel logs its refusals and failures itself (rate-limited). A read
            // that succeeded is Debug (agents, exporters and Grafana poll: one line each would flood a fleet's logs);
            // actions and refusals stay at Information, with the caller (the audit trail).
            request.GetLevel = (context, _, exception) =>
                exception is not null ? Serilog.Events.LogEventLevel.Error
                : context.GetEndpoint()?.Metadata.GetMetadata<RequestLogLevel>() is { } own ? own.Level
                : context.Response.StatusCode >= 500 ? Serilog.Events.LogEventLevel.Error
                : IsProbe(context.Request.Path) ? Serilog.Events.LogEventLevel.Verbose
                : IsRead(context.Request.Method) && context.Response.StatusCode < 400 ? Serilog.Events.LogEventLevel.Debug
                : Serilog.Events.LogEventLevel.Information;
            request.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                if (context.User.Identity is { IsAuthenticated: true, Name: { } caller })
                {
                    diagnostics.Set("Caller", caller);
                }
            };
        });
        app.UseRouting();
        app.UseInternalOnlyEndpoints(hasExtraListeners);
        app.UseAuthentication();
        app.UseAuthorization();
        mapEndpoints(app);
        app.MapMlaHealth();
        app.MapMlaMetrics();
        return app;
    }

    private static bool IsRead(string method) =>
        Microsoft.AspNetCore.Http.HttpMethods.IsGet(method) || Microsoft.AspNetCore.Http.HttpMethods.IsHead(method);

    private static bool IsProbe(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics");
}
