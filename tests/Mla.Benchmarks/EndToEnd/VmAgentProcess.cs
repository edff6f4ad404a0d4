using System.Globalization;
using Mla.TestSupport.Processes;

namespace Mla.Benchmarks.EndToEnd;

/// <summary>
/// vmagent from the Debian victoria-metrics package, as an operator would put it in the gateway's place: it takes
/// remote write on <c>/api/v1/write</c> and forwards to one <c>-remoteWrite.url</c>, buffering on disk under
/// <c>-remoteWrite.tmpDataPath</c> when the storage does not keep up; otherwise its defaults.
/// </summary>
internal sealed class VmAgentProcess : IAsyncDisposable
{
    public const string Binary = "/usr/bin/vmagent";

    private readonly string _directory;

    private VmAgentProcess(ChildProcess process, Uri baseUri, string directory)
    {
        Process = process;
        BaseUri = baseUri;
        _directory = directory;
    }

    public ChildProcess Process { get; }

    public Uri BaseUri { get; }

    public Uri RemoteWriteUrl => new(BaseUri, "api/v1/write");

    public static async Task<VmAgentProcess> StartAsync(Uri forwardTo)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install the Debian package victoria-metrics (make bench does)");
        }

        var port = FreeTcpPort.Next();
        var directory = Directory.CreateTempSubdirectory("mla-bench-vmagent-").FullName;
        var listen = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var process = ChildProcess.Start(new ChildProcessSpec(
            Binary,
            [
                $"-httpListenAddr={listen}",
                $"-remoteWrite.url={forwardTo}",
                $"-remoteWrite.tmpDataPath={Path.Combine(directory, "buffer")}",
                "-loggerLevel=WARN",
            ],
            Path.Combine(directory, "vmagent.log"))
        {
            WorkingDirectory = directory,
        });
        var agent = new VmAgentProcess(process, new Uri($"http://{listen}/"), directory);
        try
        {
            await Readiness.WaitAsync(
                $"vmagent on {listen}",
                async ct =>
                {
                    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
                    using var response = await http.GetAsync(new Uri(agent.BaseUri, "health"), ct);
                    return response.IsSuccessStatusCode;
                },
                TimeSpan.FromSeconds(30),
                process,
                () => process.ReadLogTail(),
                CancellationToken.None);
            return agent;
        }
        catch
        {
            await agent.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Process.StopAsync(UnixSignal.Terminate, TimeSpan.FromSeconds(10));
        await Process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
