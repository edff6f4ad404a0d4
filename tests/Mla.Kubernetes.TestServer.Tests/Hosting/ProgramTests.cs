using System.Diagnostics;
using Mla.Kubernetes.TestServer.Tests.Support;

namespace Mla.Kubernetes.TestServer.Tests.Hosting;

/// <summary>The server as its own process (what <c>dotnet run --project tests/Mla.Kubernetes.TestServer</c> starts): it prints a kubeconfig that kubectl uses.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task The_started_process_prints_a_kubeconfig_that_kubectl_uses_and_applies_a_directory()
    {
        var directory = Directory.CreateTempSubdirectory("mla-kube-program-").FullName;
        var manifests = Directory.CreateDirectory(Path.Combine(directory, "manifests")).FullName;
        await File.WriteAllTextAsync(Path.Combine(manifests, "a.yaml"), """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: preloaded
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: seeded
              namespace: preloaded
            data:
              answer: "42"
            """);
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Mla.Kubernetes.TestServer.dll"));
        foreach (var arg in new[] { "--kubeconfig", kubeconfig, "--apply", manifests })
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var lines = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });
        try
        {
            await Eventually.TrueAsync(() => { lock (lines) { return lines.Any(l => l.StartsWith("try: kubectl", StringComparison.Ordinal)); } }, "the server to print its kubeconfig");
            lock (lines)
            {
                Assert.Contains($"kubeconfig: {kubeconfig}", lines);
                Assert.Contains("applied ConfigMap/seeded", lines);
                Assert.Contains(lines, l => l.Contains("server: http://127.0.0.1:", StringComparison.Ordinal));
            }
            using var kubectl = new TestServer.Kubectl(kubeconfig);
            var ns = (await kubectl.RunAsync("get", "ns")).EnsureSuccess();
            Assert.Contains("preloaded", ns.Stdout, StringComparison.Ordinal);
            var answer = (await kubectl.RunAsync("get", "cm", "seeded", "-n", "preloaded", "-o", "jsonpath={.data.answer}")).EnsureSuccess();
            Assert.Equal("42", answer.Stdout);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await reader;
            Directory.Delete(directory, recursive: true);
        }
    }
}
