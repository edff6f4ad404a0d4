using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mla.Hosting.Loops;

namespace Mla.Hosting.Tests.Loops;

/// <summary>A loop that fails is restarted and counted; one that keeps failing turns <c>/healthz</c> to 503; every loop shows on <c>/readyz</c>.</summary>
public sealed class LoopSupervisorTests
{
    private static async Task<(WebApplication App, HttpClient Http)> StartAsync(Action<IServiceCollection> loops)
    {
        var builder = MlaApplication.CreateBuilder("test", []);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mla:Bus:Transport"] = "InMemory",
            ["Mla:Loops:InitialBackoff"] = "00:00:00.050",
            ["Mla:Loops:MaxBackoff"] = "00:00:00.200",
            ["Mla:Loops:FailuresBeforeUnhealthy"] = "3",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        loops(builder.Services);
        var app = MlaApplication.Build(builder, _ => { });
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }

    [Fact]
    public async Task A_loop_that_throws_once_is_restarted_and_counted()
    {
        var loop = new ScriptedLoop("flaky", failures: 1);
        var (app, http) = await StartAsync(services => services.AddHostedService(sp => loop.Create(sp)));
        await using (app)
        {
            await loop.RunningAgain.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, loop.Runs.Count);
            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Contains("mla_loop_restarts_total{loop=\"flaky\"} 1", metrics, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
            var ready = await http.GetStringAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Contains("\"flaky\":\"Running (1 restarts, last error: InvalidOperationException: run 1 failed)\"", ready, StringComparison.Ordinal);
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_loop_that_keeps_throwing_turns_healthz_to_503()
    {
        var loop = new ScriptedLoop("broken", failures: int.MaxValue);
        var (app, http) = await StartAsync(services => services.AddHostedService(sp => loop.Create(sp)));
        await using (app)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            HttpResponseMessage health;
            while ((health = await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Contains("loop broken failed", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(loop.Runs.Count >= 3, $"ran {loop.Runs.Count} times");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_loop_that_ends_by_itself_is_completed_not_restarted()
    {
        var loop = new ScriptedLoop("one-shot", failures: 0, endAfterRun: true);
        var (app, http) = await StartAsync(services => services.AddHostedService(sp => loop.Create(sp)));
        await using (app)
        {
            var supervisor = app.Services.GetRequiredService<LoopSupervisor>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (supervisor.Loops.Single(l => l.Name == "one-shot").Status != LoopStatus.Completed && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.Equal(LoopStatus.Completed, supervisor.Loops.Single(l => l.Name == "one-shot").Status);
            Assert.Single(loop.Runs);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
            await app.StopAsync();
        }
    }
}
