using System.Collections.Concurrent;

namespace Mla.Kubernetes.TestServer;

/// <summary>
/// The test's handle on the simulated kubelets and controllers (like KWOK): how long workloads take to become ready,
/// and which images fail (their pods never become ready, so their workload stays unavailable).
/// </summary>
public sealed class WorkloadSimulation(TimeSpan readyDelay)
{
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.Ordinal);

    public TimeSpan ReadyDelay { get; set; } = readyDelay;

    /// <summary>Pods running <paramref name="image"/> stay not ready (ImagePullBackOff) from the next reconcile on.</summary>
    public void FailImage(string image) => _failing[image] = true;

    /// <summary>Pods running <paramref name="image"/> become ready again.</summary>
    public void HealImage(string image) => _failing.TryRemove(image, out _);

    public bool IsFailing(string image) => _failing.ContainsKey(image);
}
