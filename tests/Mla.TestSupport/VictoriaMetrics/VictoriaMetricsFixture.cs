using Xunit;

namespace Mla.TestSupport.VictoriaMetrics;

/// <summary>
/// One VictoriaMetrics shared by the tests of a class or collection. Tests isolate by a unique label value (a run
/// id) and must not stop it: a test that stops the server starts its own with <see cref="VictoriaMetricsServer.StartAsync"/>.
/// </summary>
public sealed class VictoriaMetricsFixture : IAsyncLifetime
{
    private VictoriaMetricsServer? _server;

    public VictoriaMetricsServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public string Description => Server.Description;

    public async Task InitializeAsync() => _server = await VictoriaMetricsServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
