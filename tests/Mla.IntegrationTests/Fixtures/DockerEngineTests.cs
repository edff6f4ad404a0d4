using System.Diagnostics;
using Mla.TestSupport.Processes;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.Fixtures;

public sealed class DockerEngineTests(ITestOutputHelper output)
{
    [Fact]
    public void Detection_answers_within_seconds()
    {
        var clock = Stopwatch.StartNew();

        var available = DockerEngine.IsAvailable;

        output.WriteLine($"Docker engine available: {available} ({clock.ElapsedMilliseconds} ms)");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }
}
