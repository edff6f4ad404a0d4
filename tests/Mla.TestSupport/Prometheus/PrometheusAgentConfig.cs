using System.Globalization;
using System.Text;

namespace Mla.TestSupport.Prometheus;

/// <summary>
/// Writes the agent's <c>prometheus.yml</c>. Agent mode rejects <c>alerting:</c> and <c>rule_files:</c>, so there are
/// none. The Debian build drops <c>remote_write[].headers</c> (README, "Known bugs of the Debian packages"): tenants
/// travel in the URL or the credentials.
/// </summary>
internal static class PrometheusAgentConfig
{
    /// <param name="options">What to scrape and where to write.</param>
    /// <param name="address">Maps an address (<c>host:port</c> or a URL) as seen from the agent (a container sees the host elsewhere).</param>
    /// <param name="file">Maps a PEM file's path on this machine to the path the agent reads.</param>
    public static string Render(PrometheusAgentOptions options, Func<string, string> address, Func<string, string> file)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("global:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  scrape_interval: {Duration(options.ScrapeInterval)}");
        if (options.ExternalLabels.Count > 0)
        {
            yaml.AppendLine("  external_labels:");
            foreach (var (name, value) in options.ExternalLabels)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"    {name}: {Quote(value)}");
            }
        }

        yaml.AppendLine("scrape_configs:");
        foreach (var job in options.ScrapeJobs)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - job_name: {Quote(job.JobName)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    metrics_path: {Quote(job.MetricsPath)}");
            yaml.AppendLine("    static_configs:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - targets: [{string.Join(", ", job.Targets.Select(t => Quote(address(t))))}]");
        }

        yaml.AppendLine("remote_write:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  - url: {Quote(address(options.RemoteWriteUrl.ToString()))}");
        yaml.AppendLine("    queue_config:");
        yaml.AppendLine("      batch_send_deadline: 1s");
        yaml.AppendLine("      min_backoff: 100ms");
        yaml.AppendLine("      max_backoff: 1s");
        if (options.BearerToken is not null)
        {
            yaml.AppendLine("    authorization:");
            yaml.AppendLine("      type: Bearer");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      credentials: {Quote(options.BearerToken)}");
        }

        if (options.CertFile is not null || options.CaFile is not null)
        {
            yaml.AppendLine("    tls_config:");
            AppendFile(yaml, "cert_file", options.CertFile, file);
            AppendFile(yaml, "key_file", options.KeyFile, file);
            AppendFile(yaml, "ca_file", options.CaFile, file);
            if (options.ServerName is not null)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"      server_name: {Quote(options.ServerName)}");
            }
        }

        return yaml.ToString();
    }

    private static void AppendFile(StringBuilder yaml, string key, string? path, Func<string, string> file)
    {
        if (path is not null)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      {key}: {Quote(file(path))}");
        }
    }

    private static string Duration(TimeSpan span) =>
        span.TotalMilliseconds % 1000 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalSeconds}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalMilliseconds}ms");

    /// <summary>A single-quoted YAML scalar ('' escapes a quote).</summary>
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
