namespace Mla.Gateway.Observability;

/// <summary>
/// At most one refusal line per tenant and reason per window: a fleet whose agents all retry a refused push would
/// otherwise write a line per request. The first refusal of a window is written; the ones after it in the window
/// are only counted, and the next line written for that tenant and reason says how many were held back.
/// </summary>
/// <param name="time">The clock.</param>
/// <param name="window">How long after a written line the same tenant and reason stay quiet.</param>
/// <param name="maxKeys">
/// Tenant and reason pairs tracked at most; beyond (after dropping the quiet ones) further tenants share one
/// window per reason, so that the table stays bounded whatever the clients send.
/// </param>
public sealed class RefusalLogLimiter(TimeProvider time, TimeSpan window, int maxKeys = RefusalLogLimiter.DefaultMaxKeys)
{
    public const int DefaultMaxKeys = 10_000;

    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<(string? Tenant, string Reason), (long WrittenAt, long Suppressed)> _windows = [];

    public TimeSpan Window => window;

    /// <summary>Decides whether to write a refusal line for <paramref name="tenant"/> and <paramref name="reason"/> now.</summary>
    /// <param name="tenant">The tenant ("" before authentication).</param>
    /// <param name="reason">The refusal reason (a metric label).</param>
    /// <param name="suppressed">When true: the lines of this tenant and reason held back since the last one written.</param>
    /// <returns>True: write the line; false: it was counted and held back.</returns>
    public bool ShouldWrite(string tenant, string reason, out long suppressed)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            (string? Tenant, string Reason) key = (tenant, reason);
            if (!_windows.ContainsKey(key) && _windows.Count >= maxKeys)
            {
                DropQuiet(now);
                if (_windows.Count >= maxKeys)
                {
                    key = (null, reason);
                }
            }

            if (_windows.TryGetValue(key, out var current) && time.GetElapsedTime(current.WrittenAt, now) < window)
            {
                _windows[key] = (current.WrittenAt, current.Suppressed + 1);
                suppressed = 0;
                return false;
            }

            suppressed = current.Suppressed;
            _windows[key] = (now, 0);
            return true;
        }
    }

    /// <summary>Forgets the pairs whose window has passed (their held-back count goes with them).</summary>
    private void DropQuiet(long now)
    {
        foreach (var (key, value) in _windows)
        {
            if (time.GetElapsedTime(value.WrittenAt, now) >= window)
            {
                _windows.Remove(key);
            }
        }
    }
}
