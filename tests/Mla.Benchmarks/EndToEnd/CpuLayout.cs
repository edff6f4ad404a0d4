using System.Diagnostics;
using System.Globalization;

namespace Mla.Benchmarks.EndToEnd;

/// <summary>
/// Which cores the processes of the end-to-end comparison may use. <c>split</c> (the default) gives storage — every
/// path's VictoriaMetrics — the same half of the cores in every path, and the ingestion tier (gateway, broker, writer,
/// vmagent and the load generator) the other half, as a seed runs them: storage nodes on their own, the ingestion
/// pods beside them. Then <c>direct</c> and <c>end-to-end</c> land into equally strong storage, and the ratio says
/// whether the buffered path delivers what storage can take. <c>shared</c> lets every process use every core, so the
/// end-to-end path's extra processes take CPU away from its storage, and its ratio is bounded by the CPU it costs.
/// </summary>
internal sealed record CpuLayout(string Name, string? StorageCpus, string? IngestionCpus)
{
    public static CpuLayout Shared { get; } = new("shared", null, null);

    public static CpuLayout Parse(string? name) => name switch
    {
        null or "split" => Split(Environment.ProcessorCount),
        "shared" => Shared,
        _ => throw new ArgumentException($"layout '{name}': use split or shared"),
    };

    /// <summary>The lower half of the cores (at least one) for storage, the rest for the ingestion tier.</summary>
    public static CpuLayout Split(int cores)
    {
        if (cores < 2)
        {
            return Shared;
        }

        var storage = cores / 2;
        return new("split", Range(0, storage), Range(storage, cores - storage));
    }

    public string Describe() => StorageCpus is null
        ? "shared: every process may use every core"
        : $"split: storage (each path's VictoriaMetrics) on CPU {StorageCpus}, ingestion tier (gateway, broker, writer, vmagent, load generator) on CPU {IngestionCpus}";

    public void PinStorage(IEnumerable<int> pids) => Pin(pids, StorageCpus);

    public void PinIngestion(IEnumerable<int> pids) => Pin(pids, IngestionCpus);

    private static void Pin(IEnumerable<int> pids, string? cpus)
    {
        if (cpus is null)
        {
            return;
        }

        foreach (var pid in pids)
        {
            // -a: every thread the process has now; threads started later inherit their creator's mask.
            using var taskset = Process.Start(new ProcessStartInfo("taskset", ["-a", "-cp", cpus, pid.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("taskset did not start");
            var error = taskset.StandardError.ReadToEnd();
            taskset.StandardOutput.ReadToEnd();
            taskset.WaitForExit();
            if (taskset.ExitCode != 0)
            {
                throw new InvalidOperationException($"taskset -a -cp {cpus} {pid} failed ({taskset.ExitCode}): {error.Trim()}");
            }
        }
    }

    private static string Range(int first, int count) => count == 1
        ? first.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{first}-{first + count - 1}");
}
