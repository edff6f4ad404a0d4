using System.Runtime.InteropServices;

namespace Mla.KafkaMock;

/// <summary>
/// Runs the mock cluster as a process: the first stdout line is <c>BOOTSTRAP=host:port,…</c>; everything else goes
/// to stderr. Stops on SIGTERM/SIGINT, or when stdin reaches EOF if asked, so that a dead parent leaves no orphan.
/// </summary>
internal static class MockKafkaHost
{
    internal const int ExitOk = 0;
    internal const int ExitFailed = 1;
    internal const int ExitBadArguments = 2;

    internal static int Run(string[] args)
    {
        MockKafkaArguments arguments;
        try
        {
            arguments = MockKafkaArguments.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"Mla.KafkaMock: {ex.Message}");
            Console.Error.WriteLine(MockKafkaArguments.Usage);
            return ExitBadArguments;
        }

        // Never disposed: a signal or the stdin thread may complete it at any time.
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));

        MockKafkaCluster cluster;
        try
        {
            cluster = MockKafkaCluster.Start(arguments.ToOptions());
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or DllNotFoundException or EntryPointNotFoundException)
        {
            Console.Error.WriteLine($"Mla.KafkaMock: could not start the mock cluster: {ex.Message}");
            return ExitFailed;
        }

        using (cluster)
        {
            Console.Out.WriteLine($"BOOTSTRAP={cluster.BootstrapServers}");
            Console.Out.Flush();
            Console.Error.WriteLine($"Mla.KafkaMock: {arguments.BrokerCount} broker(s) at {cluster.BootstrapServers}");
            foreach (var topic in arguments.Topics)
            {
                Console.Error.WriteLine($"Mla.KafkaMock: topic {topic.Name} with {topic.Partitions} partition(s)");
            }

            if (arguments.ExitOnStdinEof)
            {
                new Thread(() => WaitForStdinEof(stop)) { IsBackground = true, Name = "stdin-eof" }.Start();
            }

            stop.Task.Wait();
            Console.Error.WriteLine("Mla.KafkaMock: stopping");
        }

        return ExitOk;
    }

    private static void Stop(PosixSignalContext context, TaskCompletionSource stop)
    {
        // Cancel the default termination so that the cluster is disposed and the exit code is 0.
        context.Cancel = true;
        stop.TrySetResult();
    }

    private static void WaitForStdinEof(TaskCompletionSource stop)
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (stdin.Read(buffer) > 0)
        {
        }

        Console.Error.WriteLine("Mla.KafkaMock: stdin closed");
        stop.TrySetResult();
    }
}
