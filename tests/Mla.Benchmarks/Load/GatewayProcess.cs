using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Mla.Gateway.Limits;
using Mla.TestSupport.Processes;

namespace Mla.Benchmarks.Load;

/// <summary>
/// The gateway as it ships (<c>dotnet Mla.Gateway.dll</c>, its own runtimeconfig: server GC), configured through the
/// environment only: the broker, <c>TrustTenantHeader</c> on, the given tenants with limits that never throttle.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly string _directory;

    private GatewayProcess(ChildProcess process, int port, string directory)
    {
        Process = process;
        BaseUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _directory = directory;
    }

    public ChildProcess Process { get; }

    public Uri BaseUri { get; }

    public Uri PushUrl => new(BaseUri, "api/v1/push");

    public Uri MetricsUrl => new(BaseUri, "metrics");

    public Uri LogPushUrl => new(BaseUri, "loki/api/v1/push");

    /// <summary>The GC the gateway runs with, from its runtimeconfig.json (the Web SDK's default: server GC).</summary>
    public static string GcMode => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Mla.Gateway.runtimeconfig.json"))
        .Replace(" ", "", StringComparison.Ordinal).Contains("\"System.GC.Server\":true", StringComparison.Ordinal) ? "server GC" : "workstation GC";

    /// <param name="bootstrapServers">The broker.</param>
    /// <param name="tenants">Tenants configured with <paramref name="limits"/>, trusted through X-Scope-OrgID.</param>
    /// <param name="limits">Their limits.</param>
    /// <param name="minimumLogLevel">Serilog's minimum level; null keeps the shipped one (the request log lines included).</param>
    public static async Task<GatewayProcess> StartAsync(string bootstrapServers, IReadOnlyList<string> tenants, LimitsOverrideOptions limits, string? minimumLogLevel = "Warning")
    {
        // The same ranges the gateway checks at start (it would refuse to start otherwise): say so here, clearly.
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(limits, new ValidationContext(limits), problems, validateAllProperties: true))
        {
            throw new InvalidOperationException("tenant limits out of the gateway's ranges: " + string.Join("; ", problems.Select(p => p.ErrorMessage)));
        }

        var assembly = Path.Combine(AppContext.BaseDirectory, "Mla.Gateway.dll");
        if (!File.Exists(Path.ChangeExtension(assembly, ".runtimeconfig.json")))
        {
            throw new InvalidOperationException($"{assembly} has no runtimeconfig.json next to it: it cannot run as its own process");
        }

        var port = FreeTcpPort.Next();
        var directory = Directory.CreateTempSubdirectory("mla-bench-gateway-").FullName;
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Serilog__MinimumLevel__Default"] = minimumLogLevel, // null: as shipped
            ["Mla__Gateway__Kafka__BootstrapServers"] = bootstrapServers,
            ["Mla__Gateway__TrustTenantHeader"] = "true",
        };
        foreach (var tenant in tenants)
        {
            environment[$"Mla__Gateway__Tenants__{tenant}__Disabled"] = "false";
            if (limits.IngestionRate is { } rate)
            {
                environment[$"Mla__Gateway__Tenants__{tenant}__Limits__IngestionRate"] = rate.ToString("R", CultureInfo.InvariantCulture);
            }

            if (limits.IngestionBurstSize is { } burst)
            {
                environment[$"Mla__Gateway__Tenants__{tenant}__Limits__IngestionBurstSize"] = burst.ToString(CultureInfo.InvariantCulture);
            }

            if (limits.Logs.IngestionRateBytes is { } logRate)
            {
                environment[$"Mla__Gateway__Tenants__{tenant}__Limits__Logs__IngestionRateBytes"] = logRate.ToString("R", CultureInfo.InvariantCulture);
            }

            if (limits.Logs.IngestionBurstBytes is { } logBurst)
            {
                environment[$"Mla__Gateway__Tenants__{tenant}__Limits__Logs__IngestionBurstBytes"] = logBurst.ToString(CultureInfo.InvariantCulture);
            }
        }

        var process = ChildProcess.Start(new ChildProcessSpec(
            DotnetHost(),
            [assembly, "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"],
            Path.Combine(directory, "gateway.log"))
        {
            WorkingDirectory = directory,
            Environment = environment,
        });
        var gateway = new GatewayProcess(process, port, directory);
        try
        {
            await Readiness.WaitAsync(
                "the gateway's /readyz",
                async ct =>
                {
                    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
                    using var response = await http.GetAsync(new Uri(gateway.BaseUri, "readyz"), ct);
                    return response.IsSuccessStatusCode;
                },
                TimeSpan.FromSeconds(60),
                process,
                () => process.ReadLogTail(),
                CancellationToken.None);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Process.StopAsync(UnixSignal.Terminate, TimeSpan.FromSeconds(10));
        await Process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The dotnet host that runs this process when there is one, else the SDK's, else the one on PATH.</summary>
    internal static string DotnetHost()
    {
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            return Environment.ProcessPath!;
        }

        var sdkHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(sdkHost) && File.Exists(sdkHost) ? sdkHost : "dotnet";
    }
}
