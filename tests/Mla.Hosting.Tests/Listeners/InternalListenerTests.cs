using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Http;
using Mla.Hosting.Listeners;

namespace Mla.Hosting.Tests.Listeners;

/// <summary><c>/metrics</c> names every tenant: it is served on the internal listener only, never on an extra (agent-facing) one.</summary>
public sealed class InternalListenerTests
{
    [Fact]
    public async Task Metrics_answer_on_the_main_address_and_404_on_an_extra_listener()
    {
        var main = FreePort();
        var extra = FreePort();
        var builder = MlaApplication.CreateBuilder("test", ["--urls", $"http://127.0.0.1:{main}"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Mla:Bus:Transport"] = "InMemory" });
        builder.Services.AddMlaListener(new MlaListener("agents", kestrel => kestrel.Listen(IPAddress.Loopback, extra)));
        await using var app = MlaApplication.Build(builder, a => a.MapGet("/api/v1/push", () => Results.NoContent()).AllowAnonymous());
        await app.StartAsync();
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{main}/metrics"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri($"http://127.0.0.1:{extra}/metrics"))).StatusCode);

        // A Host header naming the internal port does not open it on the extra listener.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{extra}/metrics"));
        spoofed.Headers.Host = $"127.0.0.1:{main}";
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(spoofed)).StatusCode);

        // The extra listener still serves what it is for.
        Assert.Equal(HttpStatusCode.NoContent, (await http.GetAsync(new Uri($"http://127.0.0.1:{extra}/api/v1/push"))).StatusCode);
        await app.StopAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
