using System.Globalization;

namespace Mla.Benchmarks.Load;

/// <summary><c>load [seconds per run] [concurrent senders] [rounds]</c>.</summary>
internal sealed record LoadOptions(TimeSpan RunDuration, int Concurrency, int Rounds)
{
    /// <summary>
    /// Eight senders (remote-write shards): with four, the gateway waited on Kafka's acknowledgements (linger 5 ms)
    /// and used 1.4 of the 2 cores; with eight both receivers use ~1.85 cores and the generator under 0.1, and sixteen
    /// gave no more. Measured on the 2-core CI machine; pass another number on a larger one.
    /// </summary>
    public const int DefaultConcurrency = 8;

    public static LoadOptions Parse(IReadOnlyList<string> args) => new(
        TimeSpan.FromSeconds(args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15),
        args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : DefaultConcurrency,
        args.Count > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2);
}
