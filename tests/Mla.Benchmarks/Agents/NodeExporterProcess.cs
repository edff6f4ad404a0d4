using System.Globalization;
using Mla.TestSupport.Processes;

namespace Mla.Benchmarks.Agents;

/// <summary>
/// node-exporter from the Debian package <c>prometheus-node-exporter</c> on a port of its own, collectors as the
/// package ships them (no root needed; collectors that cannot read what they want log errors and are skipped).
/// </summary>
internal sealed class NodeExporterProcess : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus-node-exporter";

    private readonly string _directory;

    private NodeExporterProcess(ChildProcess process, string address, string directory)
    {
        Process = process;
        Address = address;
        _directory = directory;
    }

    public ChildProcess Process { get; }

    /// <summary>host:port, the scrape target.</summary>
    public string Address { get; }

    public static async Task<NodeExporterProcess> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install the Debian package prometheus-node-exporter (make bench does)");
        }

        var directory = Directory.CreateTempSubdirectory("mla-bench-node-exporter-").FullName;
        var address = "127.0.0.1:" + FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture);
        var process = ChildProcess.Start(new ChildProcessSpec(Binary, [$"--web.listen-address={address}"], Path.Combine(directory, "node-exporter.log"))
        {
            WorkingDirectory = directory,
        });
        var exporter = new NodeExporterProcess(process, address, directory);
        try
        {
            await Readiness.WaitAsync(
                $"node-exporter on {address}",
                async ct =>
                {
                    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                    using var response = await http.GetAsync(new Uri($"http://{address}/metrics"), ct);
                    return response.IsSuccessStatusCode;
                },
                TimeSpan.FromSeconds(30),
                process,
                () => process.ReadLogTail(),
                CancellationToken.None);
            return exporter;
        }
        catch
        {
            await exporter.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many series one scrape of it gives (comment lines skipped).</summary>
    public async Task<int> SeriesAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(new Uri($"http://{Address}/metrics"));
        return text.Split('\n').Count(line => line.Length > 0 && line[0] != '#');
    }

    public async ValueTask DisposeAsync()
    {
        await Process.StopAsync(UnixSignal.Terminate, TimeSpan.FromSeconds(10));
        await Process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
