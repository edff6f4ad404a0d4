namespace Mla.IntegrationTests.Access;

/// <summary>What the samples share: the tenant made Ready before they run, and ids captured from earlier samples.</summary>
internal sealed class RouteSampleContext(string clusterId, string seed)
{
    public string ClusterId { get; } = clusterId;

    public string Seed { get; } = seed;

    public Dictionary<string, string> Captured { get; } = new(StringComparer.Ordinal);
}
