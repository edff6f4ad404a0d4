using System.Runtime.InteropServices;
using Mla.Kubernetes.TestServer;
using Mla.Kubernetes.TestServer.Hosting;

// Starts one Kubernetes API test server: dotnet run --project tests/Mla.Kubernetes.TestServer -- [--port N] [--kubeconfig PATH] [--apply DIR]
var options = new KubeApiServerOptions();
string? applyDirectory = null;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--port":
            options.Port = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--kubeconfig":
            options.KubeconfigPath = args[++i];
            break;
        case "--apply":
            applyDirectory = args[++i];
            break;
        default:
            break;
    }
}
await using var server = await KubeApiServer.StartAsync(options);
if (applyDirectory is not null)
{
    foreach (var applied in ManifestDirectory.Apply(server, applyDirectory))
    {
        Console.WriteLine($"applied {applied}");
    }
}
Console.WriteLine($"Kubernetes API test server at {server.BaseUri}");
Console.WriteLine($"kubeconfig: {server.KubeconfigPath}");
Console.WriteLine(File.ReadAllText(server.KubeconfigPath));
Console.WriteLine($"try: kubectl --kubeconfig {server.KubeconfigPath} get ns    (Ctrl+C or SIGTERM stops)");
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C
}
return 0;
