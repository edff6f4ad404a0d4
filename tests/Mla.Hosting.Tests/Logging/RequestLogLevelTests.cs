using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mla.Hosting.Logging;
using Serilog.Core;
using Serilog.Events;

namespace Mla.Hosting.Tests.Logging;

/// <summary>
/// The request log line of every service: Information by default (actions and refusals: the audit trail), Debug for a
/// read that succeeded (polled), Error for server errors; an endpoint with its own level (it logs its refusals itself)
/// at that level whatever the status, except an unhandled exception (Error).
/// </summary>
[Collection(StaticLoggerCollection.Name)]
public sealed class RequestLogLevelTests
{
    [Fact]
    public async Task Request_lines_are_Debug_for_good_reads_Information_for_actions_and_refusals_Error_for_failures_or_the_endpoints_own_level()
    {
        var captured = new CapturedLogEvents();
        var builder = MlaApplication.CreateBuilder("test", []);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Bus:Transport"] = "InMemory",
            ["Serilog:MinimumLevel:Default"] = "Verbose", // let the Debug lines through, to see their level
        });
        builder.Services.AddSingleton<ILogEventSink>(captured);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = MlaApplication.Build(builder, endpoints =>
        {
            endpoints.MapPost("/often", () => Results.NoContent()).WithRequestLogLevel(LogEventLevel.Debug);
            endpoints.MapPost("/often-refused", () => Results.StatusCode(429)).WithRequestLogLevel(LogEventLevel.Debug);
            endpoints.MapPost("/often-failing", () => Results.StatusCode(503)).WithRequestLogLevel(LogEventLevel.Debug);
            endpoints.MapPost("/often-throwing", IResult () => throw new InvalidOperationException("bug")).WithRequestLogLevel(LogEventLevel.Debug);
            endpoints.MapPost("/rarely", () => Results.NoContent());
            endpoints.MapPost("/rarely-failing", () => Results.StatusCode(503));
            endpoints.MapGet("/read", () => Results.Ok());
            endpoints.MapGet("/read-refused", () => Results.StatusCode(403));
            endpoints.MapGet("/read-failing", () => Results.StatusCode(503));
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        foreach (var path in new[] { "/often", "/often-refused", "/often-failing", "/often-throwing", "/rarely", "/rarely-failing" })
        {
            using var response = await http.PostAsync(new Uri(path, UriKind.Relative), null);
        }

        foreach (var path in new[] { "/read", "/read-refused", "/read-failing" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        }

        // The line is written after the response went out: wait for all of them (with a deadline).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        Dictionary<string, LogEventLevel> levels;
        while ((levels = RequestLines(captured)).Count < 9 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await app.StopAsync();
        Assert.Equal(LogEventLevel.Debug, levels["/often"]);
        Assert.Equal(LogEventLevel.Debug, levels["/often-refused"]);
        Assert.Equal(LogEventLevel.Debug, levels["/often-failing"]);
        Assert.Equal(LogEventLevel.Error, levels["/often-throwing"]);
        Assert.Equal(LogEventLevel.Information, levels["/rarely"]);
        Assert.Equal(LogEventLevel.Error, levels["/rarely-failing"]);
        Assert.Equal(LogEventLevel.Debug, levels["/read"]);
        Assert.Equal(LogEventLevel.Information, levels["/read-refused"]);
        Assert.Equal(LogEventLevel.Error, levels["/read-failing"]);
    }

    private static Dictionary<string, LogEventLevel> RequestLines(CapturedLogEvents captured) => captured.Events
        .Where(e => e.Properties.ContainsKey("RequestPath") && e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal))
        .ToDictionary(e => ((ScalarValue)e.Properties["RequestPath"]).Value as string ?? "", e => e.Level);
}
