using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Mla.Hosting.Logging;

public static class SerilogSetup
{
    /// <summary>Readable console output in development; compact JSON otherwise. Trace ids in every line.</summary>
    public const string ReadableTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {Service} {SourceContext}: {Message:lj} {TraceId}{NewLine}{Exception}";

    /// <summary>The logger used before configuration is read, so that start-up failures are logged too.</summary>
    public static Serilog.ILogger CreateBootstrapLogger(string serviceName) =>
        new LoggerConfiguration()
            .MinimumLevel.Information()
            .Enrich.WithProperty("Service", serviceName)
            .WriteTo.Console(outputTemplate: ReadableTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();

    public static WebApplicationBuilder AddMlaSerilog(this WebApplicationBuilder builder, string serviceName)
    {
        TraceActivityListener.EnsureStarted();
        var readable = builder.Environment.IsDevelopment()
            || string.Equals(builder.Configuration["Mla:Logging:Format"], "readable", StringComparison.OrdinalIgnoreCase);
        builder.Services.AddSerilog((services, logger) =>
        {
            logger
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("MassTransit", LogEventLevel.Information)
                // HttpClient's own per-request lines (with whole stack traces on failures): callers log what matters.
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                // The authentication handlers log every request they cannot authenticate at Information, also on the
                // agents' push routes where a tenant token is checked by the route itself: refusals are logged once,
                // with the caller and the role needed, by the access layer.
                .MinimumLevel.Override("Mla.Hosting.Access.HashedTokenAuthenticationHandler", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.AspNetCore.Authentication", LogEventLevel.Warning)
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("Service", serviceName);
            if (readable)
            {
                logger.WriteTo.Console(outputTemplate: ReadableTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
        },
        // Each app keeps its own logger: the static Log.Logger is process-wide, so several apps in one process
        // (tests, the composed host) would otherwise write through whichever was built last.
        preserveStaticLogger: true);
        return builder;
    }
}
