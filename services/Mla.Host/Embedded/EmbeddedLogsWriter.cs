using System.Reflection;
using Microsoft.Extensions.Options;
using Mla.Hosting.Loops;
using Mla.Ingestion.Kafka;
using Mla.KafkaMock;

namespace Mla.Host.Embedded;

/// <summary>
/// The embedded default's logs writer. A writer reads one topic, so the logs topic gets a second writer instance:
/// this host's own binary run as a child with <c>--targets writer</c>, reading <c>mla.logs.v1</c> from the
/// in-process broker into a <c>file</c> sink under <c>&lt;StateDirectory&gt;/logs/&lt;tenant&gt;/</c>. It is
/// a supervised child (<see cref="SupervisedChild"/>, loop <c>logs-writer</c>): restarted with back-off when it
/// dies, stopped with the host.
/// </summary>
internal sealed class EmbeddedLogsWriter(
    IOptions<EmbeddedOptions> options,
    MockKafkaCluster kafka,
    EmbeddedAccess access,
    IConfiguration configuration,
    LoopSupervisor supervisor,
    ILogger<EmbeddedLogsWriter> logger) : SupervisedLoop(Loop, supervisor)
{
    /// <summary>The supervised loop's name (<c>mla_loop_restarts_total{loop="logs-writer"}</c>, <c>/readyz</c>).</summary>
    public const string Loop = "logs-writer";

    /// <summary>The file sink's name (its consumer group is <c>mla-writer-logs-files</c>).</summary>
    public const string SinkName = "logs-files";

    protected override Task RunAsync(CancellationToken stoppingToken) => SupervisedChild.RunOnceAsync(Start, stoppingToken);

    private ManagedProcess Start()
    {
        var settings = options.Value;
        var (binary, prefix) = HostCommand();
        var process = ManagedProcess.Start(
            Loop,
            binary,
            [.. prefix, "--targets", "writer", "--urls", "http://127.0.0.1:0"],
            Environment(settings.StateDirectory, settings.LogsDirectory, kafka.BootstrapServers, configuration["Mla:Writer:Tenants:Url"], access.InternalToken),
            logger);
        logger.LogInformation(
            "Logs writer (pid {Pid}) reads {Topic} into {Directory}/<tenant>/ (JSON lines: tail -f {Directory}/<tenant>/*.jsonl)",
            process.Id, IngestionTopics.Logs, settings.LogsDirectory, settings.LogsDirectory);
        return process;
    }

    /// <summary>
    /// The child's settings, as environment variables (the internal token stays out of <c>ps</c>): the logs topic,
    /// one file sink, the parent's broker and tenant service, and nothing of the embedded default started twice.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment(string stateDirectory, string logsDirectory, string bootstrapServers, string? tenantsUrl, string internalToken)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Mla__Embedded__StateDirectory"] = Path.GetFullPath(stateDirectory),
            ["Mla__Embedded__Kafka"] = "false",
            ["Mla__Embedded__VictoriaMetrics__Enabled"] = "false",
            ["Mla__Embedded__Alerting__Enabled"] = "false",
            ["Mla__Embedded__Agents__Enabled"] = "false",
            ["Mla__Embedded__Logs__Enabled"] = "false",
            ["Mla__Demo__Enabled"] = "false",
            ["Mla__Writer__Topic"] = IngestionTopics.Logs,
            ["Mla__Writer__Kafka__BootstrapServers"] = bootstrapServers,
            [$"Mla__Writer__Sinks__{SinkName}__Type"] = "file",
            [$"Mla__Writer__Sinks__{SinkName}__Directory"] = logsDirectory,
            [$"Mla__Writer__Sinks__{SinkName}__BatchMaxWait"] = "00:00:00.500",
        };
        if (!string.IsNullOrEmpty(tenantsUrl))
        {
            environment["Mla__Writer__Tenants__Url"] = tenantsUrl;
            environment["Mla__Writer__Tenants__Token"] = internalToken;
        }

        return environment;
    }

    /// <summary>This host's binary: its apphost, or <c>dotnet Mla.Host.dll</c> when it was started that way.</summary>
    private static (string Binary, IReadOnlyList<string> Prefix) HostCommand()
    {
        var processPath = System.Environment.ProcessPath ?? throw new InvalidOperationException("the host's own binary is unknown");
        var entry = Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(processPath) == "dotnet" && !string.IsNullOrEmpty(entry)
            ? (processPath, [entry])
            : (processPath, []);
    }
}
