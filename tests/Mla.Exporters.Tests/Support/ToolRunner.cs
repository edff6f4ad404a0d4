using System.Diagnostics;

namespace Mla.Exporters.Tests.Support;

/// <summary>Runs a real binary (vmagent, promtool) and returns its exit code and output.</summary>
public static class ToolRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string binary, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{binary} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => System.IO.Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
