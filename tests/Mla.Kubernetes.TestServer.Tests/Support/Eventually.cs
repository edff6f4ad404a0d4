namespace Mla.Kubernetes.TestServer.Tests.Support;

/// <summary>Polls a condition until it holds or a generous deadline passes (no fixed sleeps as synchronization).</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> ValueAsync<T>(Func<T?> probe, Func<string> what, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what()}");
            }
            await Task.Delay(20);
        }
    }

    public static Task<T> ValueAsync<T>(Func<T?> probe, string what, TimeSpan? timeout = null)
        where T : class => ValueAsync(probe, () => what, timeout);

    public static async Task TrueAsync(Func<bool> probe, string what, TimeSpan? timeout = null)
    {
        await ValueAsync(() => probe() ? "ok" : null, () => what, timeout);
    }
}
