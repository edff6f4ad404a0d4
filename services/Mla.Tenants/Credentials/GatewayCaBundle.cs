namespace Mla.Tenants.Credentials;

/// <summary>The CA bundle agents verify the gateway's server certificate with: the seed's file, else the global one, else none.</summary>
internal static class GatewayCaBundle
{
    public static async Task<string> ReadAsync(TenantsOptions options, string seed, CancellationToken cancellationToken)
    {
        var path = options.SeedGatewayCaPaths.TryGetValue(seed, out var seedPath) && seedPath.Length > 0 ? seedPath : options.GatewayCaPath;
        return string.IsNullOrEmpty(path) ? "" : (await File.ReadAllTextAsync(path, cancellationToken)).TrimEnd() + "\n";
    }
}
