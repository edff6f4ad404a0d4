using Mla.IntegrationTests.Support;
using System.Globalization;
using Mla.TestSupport.Processes;

namespace Mla.IntegrationTests.Writer;

/// <summary>
/// The writer as its own process, <c>dotnet Mla.Writer.dll</c> from the build output (the ProjectReference copies it),
/// configured through <c>Mla__Writer__…</c> environment variables, so a test can SIGKILL it mid-stream.
/// </summary>
internal sealed class WriterProcess : IAsyncDisposable
{
    private readonly InstanceDirectory _directory;
    private readonly Dictionary<string, string?> _environment;
    private readonly int _port;
    private ChildProcess? _process;

    private WriterProcess(InstanceDirectory directory, Dictionary<string, string?> settings)
    {
        _directory = directory;
        _port = FreeTcpPort.Next();
        _environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value, StringComparer.Ordinal);
        _environment["Mla__Bus__Transport"] = "InMemory";
        _environment["Mla__Logging__Format"] = "readable";
        _environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in TestAccess.Environment())
        {
            _environment[key] = value;
        }

        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}"), Timeout = TimeSpan.FromSeconds(10) }
            .As(TestAccess.OperatorToken);
    }

    public HttpClient Http { get; }

    public string LogPath => _directory.Combine("writer.log");

    public int? ProcessId => _process?.Id;

    public static async Task<WriterProcess> StartAsync(Dictionary<string, string?> settings)
    {
        var writer = new WriterProcess(InstanceDirectory.Create("writer"), settings);
        await writer.StartAgainAsync();
        return writer;
    }

    /// <summary>Starts the process (again, after a kill) with the same settings and port, and waits until it is ready.</summary>
    public async Task StartAgainAsync()
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "Mla.Writer.dll");
        Assert.True(File.Exists(assembly), $"{assembly} is missing: the ProjectReference to services/Mla.Writer copies it");
        _process = ChildProcess.Start(new ChildProcessSpec(
            DotnetHost(),
            [assembly, "--urls", $"http://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}", "--contentRoot", _directory.Path],
            LogPath)
        {
            WorkingDirectory = _directory.Path,
            Environment = _environment,
        });
        _directory.Track(_process);
        try
        {
            await ServiceHttp.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(60));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"the writer process did not become ready:\n{_process.ReadLogTail(60)}", ex);
        }
    }

    /// <summary>SIGKILL: no flush, no commit, no goodbye to the group.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(UnixSignal.Kill);
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public Task<double> MetricAsync(string series) => ServiceHttp.MetricAsync(Http, series);

    public string ReadLogTail(int lines = 60) => LogTail.Read(LogPath, lines);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_process is not null)
        {
            await _process.StopAsync(UnixSignal.Terminate, TimeSpan.FromSeconds(15));
            await _process.DisposeAsync();
        }

        _directory.Dispose();
    }

    private static string DotnetHost()
    {
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            return Environment.ProcessPath!;
        }

        var sdkHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(sdkHost) && File.Exists(sdkHost) ? sdkHost : "dotnet";
    }
}
