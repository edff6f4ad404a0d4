using System.Diagnostics;
using Mla.TestSupport.Processes;

namespace Mla.TestSupport.Servers;

/// <summary>
/// The three ways to have a server, tried in order: an address from the environment, a container when a Docker
/// engine answers, the local package. Times the start (until ready).
/// </summary>
internal static class ServerWays
{
    /// <param name="address">The environment's address; null or blank to skip that way.</param>
    /// <param name="fromEnvironment">Connects to the address and waits until it answers.</param>
    /// <param name="inContainer">Starts a container and waits until it is ready.</param>
    /// <param name="local">Starts the local package and waits until it is ready.</param>
    public static async Task<(T Instance, ServerSource Source, TimeSpan StartupDuration)> StartAsync<T>(
        string? address,
        Func<string, Task<T>> fromEnvironment,
        Func<Task<T>> inContainer,
        Func<Task<T>> local)
    {
        var clock = Stopwatch.StartNew();
        var (instance, source) = !string.IsNullOrWhiteSpace(address)
            ? (await fromEnvironment(address).ConfigureAwait(false), ServerSource.EnvironmentAddress)
            : DockerEngine.IsAvailable
                ? (await inContainer().ConfigureAwait(false), ServerSource.Testcontainers)
                : (await local().ConfigureAwait(false), ServerSource.LocalProcess);
        return (instance, source, clock.Elapsed);
    }

    /// <summary>The two ways of a server that has no environment way (its config is the test's own).</summary>
    public static Task<(T Instance, ServerSource Source, TimeSpan StartupDuration)> StartAsync<T>(Func<Task<T>> inContainer, Func<Task<T>> local) =>
        StartAsync(address: null, _ => throw new InvalidOperationException("No environment way."), inContainer, local);
}
