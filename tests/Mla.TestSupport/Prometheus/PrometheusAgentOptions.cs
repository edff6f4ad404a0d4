namespace Mla.TestSupport.Prometheus;

/// <summary>
/// What the agent scrapes and where it remote-writes (one <c>remote_write</c>): a bearer token, and/or a client
/// certificate with <c>tls_config</c> (cert_file, key_file, ca_file as PEM files on this machine).
/// </summary>
public sealed class PrometheusAgentOptions
{
    public required Uri RemoteWriteUrl { get; init; }

    public IReadOnlyList<PrometheusScrapeJob> ScrapeJobs { get; init; } = [];

    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>authorization: { credentials: … }</c> (type Bearer).</summary>
    public string? BearerToken { get; init; }

    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    public string? CaFile { get; init; }

    /// <summary>The name the receiver's certificate must carry when it differs from the URL's host.</summary>
    public string? ServerName { get; init; }

    public IReadOnlyDictionary<string, string> ExternalLabels { get; init; } = new Dictionary<string, string>();
}
