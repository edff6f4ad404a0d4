using Mla.TestSupport.Servers;

namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>
/// One VictoriaMetrics shared by the tests of a class or collection. Tests isolate by a unique label value (a run
/// id) and must not stop it: a test that stops the server starts its own with <see cref="VictoriaMetricsServer.StartAsync"/>.
/// </summary>
public sealed class VictoriaMetricsFixture : ServerFixture<VictoriaMetricsServer>
{
    public string Description => Server.Description;

    protected override Task<VictoriaMetricsServer> StartServerAsync() => VictoriaMetricsServer.StartAsync();
}
