using Mla.IntegrationTests.Support;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mla.Hosting;
using Mla.Writer;

namespace Mla.IntegrationTests.Writer;

/// <summary>The writer service in this process on a free port, composed as its own Program composes it.</summary>
internal sealed class WriterTestApp : IAsyncDisposable
{
    private readonly string _directory;

    private WriterTestApp(WebApplication app, string directory)
    {
        App = app;
        _directory = directory;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) }.As(TestAccess.OperatorToken);
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<WriterTestApp> StartAsync(Dictionary<string, string?> settings)
    {
        var directory = Directory.CreateTempSubdirectory("mla-writer-test-").FullName;
        var builder = MlaApplication.CreateBuilder("writer", new WebApplicationOptions
        {
            ContentRootPath = directory,
            Args = ["--urls", "http://127.0.0.1:0"],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Mla.Writer"] = "Information",
        });
        builder.Configuration.AddInMemoryCollection(TestAccess.Settings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWriterService();
        var app = MlaApplication.Build(builder, a => a.MapWriterService());
        await app.StartAsync();
        return new WriterTestApp(app, directory);
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 (the consumer joined its group).</summary>
    public Task WaitUntilReadyAsync(TimeSpan? timeout = null) => ServiceHttp.WaitUntilReadyAsync(Http, timeout ?? TimeSpan.FromSeconds(60));

    public Task<double> MetricAsync(string series) => ServiceHttp.MetricAsync(Http, series);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    public static string Counter(string name, string tenant) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}{{sink=\"{WriterSettings.Sink}\",tenant=\"{tenant}\"}}");
}
