namespace Mla.Tenants.Tests.Purge.Fakes;

/// <summary>One request a fake store received: method, path, raw query string (with its "?") and headers.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
