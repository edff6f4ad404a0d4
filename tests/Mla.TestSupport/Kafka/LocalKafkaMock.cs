using Mla.TestSupport.Processes;

namespace Mla.TestSupport.Kafka;

/// <summary>
/// The project's Kafka-protocol broker (shared/Mla.KafkaMock, librdkafka's mock cluster) as a child process:
/// <c>dotnet Mla.KafkaMock.dll --brokers 1 --exit-on-stdin-eof [--topic name:partitions]...</c>. Its first stdout
/// line is <c>BOOTSTRAP=host:port,...</c>; it exits on SIGTERM or when its stdin closes (so also when the test
/// process dies). Memory only: once stopped it cannot be started again.
/// </summary>
internal sealed class LocalKafkaMock : IAsyncDisposable
{
    private const string BootstrapPrefix = "BOOTSTRAP=";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly InstanceDirectory _directory;
    private readonly ChildProcess _process;

    private LocalKafkaMock(InstanceDirectory directory, ChildProcess process, string bootstrapServers)
    {
        _directory = directory;
        _process = process;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    public int ProcessId => _process.Id;

    public string InstancePath => _directory.Path;

    public IReadOnlyCollection<int> ProcessIds => _process.HasExited ? [] : _process.ProcessIds();

    public static async Task<LocalKafkaMock> StartAsync(IReadOnlyList<(string Name, int Partitions)> topics, CancellationToken cancellationToken)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "Mla.KafkaMock.dll");
        if (!File.Exists(assembly))
        {
            throw new ServerStartException(
                $"Kafka: no Docker engine and no {assembly} (it comes with the ProjectReference to shared/Mla.KafkaMock), "
                + $"and {KafkaServer.EnvironmentVariable} is not set.");
        }

        var directory = InstanceDirectory.Create("kafka");
        var bootstrap = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        string[] arguments =
        [
            assembly, "--brokers", "1", "--exit-on-stdin-eof",
            .. topics.SelectMany(topic => new[] { "--topic", $"{topic.Name}:{topic.Partitions}" }),
        ];
        var process = ChildProcess.Start(new ChildProcessSpec(DotnetHost(), arguments, directory.Combine("kafka-mock.log"))
        {
            WorkingDirectory = directory.Path,
            OnOutputLine = line =>
            {
                if (line.StartsWith(BootstrapPrefix, StringComparison.Ordinal))
                {
                    bootstrap.TrySetResult(line[BootstrapPrefix.Length..].Trim());
                }
            },
        });
        directory.Track(process, UnixSignal.Terminate);
        try
        {
            await Readiness.WaitAsync(
                "Kafka mock broker",
                async ct => bootstrap.Task.IsCompleted && await CanConnectToFirstAsync(bootstrap.Task.Result, ct).ConfigureAwait(false),
                StartTimeout,
                process,
                () => process.ReadLogTail(),
                cancellationToken).ConfigureAwait(false);
            return new LocalKafkaMock(directory, process, bootstrap.Task.Result);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Kills the broker at once: clients see the connection drop, as when a broker host dies.</summary>
    public Task KillAsync() => _process.StopAsync(UnixSignal.Kill);

    public async ValueTask DisposeAsync()
    {
        _process.CloseStandardInput();
        await _process.StopAsync(UnixSignal.Terminate, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await _process.DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
    }

    private static Task<bool> CanConnectToFirstAsync(string bootstrapServers, CancellationToken cancellationToken)
    {
        var first = bootstrapServers.Split(',')[0];
        var colon = first.LastIndexOf(':');
        return TcpProbe.CanConnectAsync(first[..colon], int.Parse(first[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(1), cancellationToken);
    }

    /// <summary>The dotnet host running the tests (so the same runtime), else the one on PATH.</summary>
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
