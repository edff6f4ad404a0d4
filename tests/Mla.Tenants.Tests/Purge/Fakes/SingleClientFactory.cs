namespace Mla.Tenants.Tests.Purge.Fakes;

/// <summary>An <see cref="IHttpClientFactory"/> that hands out clients over one shared handler.</summary>
internal sealed class SingleClientFactory : IHttpClientFactory, IDisposable
{
    private readonly HttpClientHandler _handler = new();

    public HttpClient CreateClient(string name) => new(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };

    public void Dispose() => _handler.Dispose();
}
