namespace Mla.TestSupport.Processes;

/// <summary>
/// Starts a local server whose ports were chosen free just before: when another process took one of them between
/// choosing and binding, the half-started instance is thrown away and a new one (new ports) is tried, up to 3 times.
/// </summary>
public static class PortCollisionRetry
{
    public static async Task<T> StartAsync<T>(Func<T> create, Func<T, Task> boot)
        where T : IAsyncDisposable
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = create();
            try
            {
                await boot(server).ConfigureAwait(false);
                return server;
            }
            catch (ServerStartException e) when (attempt < 3 && FreeTcpPort.WasInUse(e.Message))
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }
}
