using System.Globalization;
using BenchmarkDotNet.Running;
using Mla.Benchmarks.Agents;
using Mla.Benchmarks.EndToEnd;
using Mla.Benchmarks.Load;

// make bench: `load [seconds] [concurrency] [rounds]` sends the same remote-write stream to the gateway and to
// VictoriaMetrics and prints the ratio last; `end-to-end [seconds] [concurrency] [rounds] [split|shared]` the same stream through
// gateway → Kafka → writer → VictoriaMetrics, straight into VictoriaMetrics and through vmagent; anything else
// goes to BenchmarkDotNet; `logs [seconds] [concurrency] [rounds]` Loki pushes (protobuf) at the gateway into Kafka (e.g. `--filter * --job short`).
if (args.Length > 0 && args[0] == "load")
{
    return await LoadComparison.RunAsync(LoadOptions.Parse(args[1..]));
}

if (args.Length > 0 && args[0] == "logs")
{
    return await LogsThroughput.RunAsync(LoadOptions.Parse(args[1..]));
}

if (args.Length > 0 && args[0] == "agents")
{
    // `agents [minutes = 5]`: the metrics agents as rendered (vmagent, Prometheus agent × standard, edge) scraping a
    // real node-exporter; their resident memory, last line the edge vmagent's.
    return await AgentFootprint.RunAsync(TimeSpan.FromMinutes(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5));
}

if (args.Length > 0 && args[0] == "end-to-end")
{
    return await EndToEndComparison.RunAsync(LoadOptions.Parse(args[1..]), CpuLayout.Parse(args.Length > 4 ? args[4] : null));
}

BenchmarkSwitcher.FromAssembly(typeof(LoadComparison).Assembly).Run(args);
return 0;
