using System.Collections.Concurrent;

namespace Mla.Kubernetes.TestServer;

/// <summary>
/// The test's handle on the simulated kubelets and controllers (like KWOK): how long workloads take to become ready,
/// and which images fail (their pods never become ready, so their workload stays unavailable).
/// </summary>
public sealed class WorkloadSimulation(TimeSpan readyDelay)
{
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.Ordinal);

    private TimeSpan _readyDelay = readyDelay;

    /// <summary>Raised when a setting changes, so that the controllers look again.</summary>
    public event Action? Changed;

    public TimeSpan ReadyDelay
    {
        get => _readyDelay;
        set
        {
            _readyDelay = value;
            Changed?.Invoke();
        }
    }

    /// <summary>Pods running <paramref name="image"/> stay not ready (ImagePullBackOff) from the next reconcile on.</summary>
    public void FailImage(string image)
    {
        _failing[image] = true;
        Changed?.Invoke();
    }

    /// <summary>Pods running <paramref name="image"/> become ready again.</summary>
    public void HealImage(string image)
    {
        _failing.TryRemove(image, out _);
        Changed?.Invoke();
    }

    public bool IsFailing(string image) => _failing.ContainsKey(image);
}
