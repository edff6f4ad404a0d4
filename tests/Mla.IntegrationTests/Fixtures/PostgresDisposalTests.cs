using Mla.TestSupport;
using Mla.TestSupport.Postgres;
using Xunit.Abstractions;

namespace Mla.IntegrationTests.Fixtures;

public sealed class PostgresDisposalTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Disposed_fixture_leaves_no_process_and_no_data_directory()
    {
        var fixture = new PostgresFixture();
        await fixture.InitializeAsync();
        Dictionary<int, string> processes;
        string? instancePath;
        try
        {
            output.WriteLine($"{fixture.Description} (started in {fixture.Server.StartupDuration.TotalSeconds:0.0} s)");
            await PostgresRoundTrip.AssertAsync(await fixture.CreateDatabaseAsync());
            processes = ProcessesGone.Snapshot(fixture.Server.ProcessIds);
            instancePath = fixture.Server.InstancePath;
            if (fixture.Server.Source == ServerSource.LocalProcess)
            {
                // The postmaster and its background workers (checkpointer, walwriter, ...).
                Assert.True(processes.Count >= 3, $"expected the postmaster's process tree, got {processes.Count} pid(s)");
            }
        }
        finally
        {
            await fixture.DisposeAsync();
        }

        await ProcessesGone.AssertAllGoneAsync(processes);
        Assert.False(instancePath is not null && Directory.Exists(instancePath), $"{instancePath} is still there");
    }
}
