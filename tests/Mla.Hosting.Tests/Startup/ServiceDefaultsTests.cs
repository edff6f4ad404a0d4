using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Mla.Hosting.Tests.Startup;

/// <summary>Every service gets these from <see cref="MlaApplication"/>: health, readiness, metrics and validated options.</summary>
public sealed class ServiceDefaultsTests
{
    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = MlaApplication.CreateBuilder("test", []);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        return MlaApplication.Build(builder, _ => { });
    }

    [Fact]
    public async Task Health_readiness_and_metrics_answer()
    {
        await using var app = Build(new() { ["Mla:Bus:Transport"] = "InMemory" });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("masstransit-bus", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var metrics = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE ", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task Readiness_fails_while_the_broker_does_not_answer()
    {
        var port = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        port.Start();
        var unused = ((IPEndPoint)port.LocalEndpoint).Port;
        port.Stop();
        await using var app = Build(new()
        {
            ["Mla:Bus:Transport"] = "RabbitMq",
            ["Mla:Bus:RabbitMq:Host"] = "127.0.0.1",
            ["Mla:Bus:RabbitMq:Port"] = unused.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_bad_value_stops_the_start_with_its_key()
    {
        await using var app = Build(new() { ["Mla:Bus:Transport"] = "InMemory", ["Mla:Bus:RabbitMq:Port"] = "70000" });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(error.Failures, f => f.StartsWith("Mla:Bus:RabbitMq:Port:", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_key_in_a_section_is_named()
    {
        var error = Assert.ThrowsAny<InvalidOperationException>(() => Build(new() { ["Mla:Bus:Transprt"] = "InMemory" }));
        Assert.Contains("Transprt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_named()
    {
        var error = Assert.ThrowsAny<InvalidOperationException>(() => Build(new() { ["Mla:Bus:Transport"] = "Carrier-Pigeon" }));
        Assert.Contains("Mla:Bus:Transport", error.Message, StringComparison.Ordinal);
    }
}
