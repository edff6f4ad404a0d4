namespace Mla.TestSupport.Prometheus;

/// <summary>A scrape job of the agent: its name and <c>host:port</c> targets.</summary>
public sealed record PrometheusScrapeJob(string JobName, IReadOnlyList<string> Targets, string MetricsPath = "/metrics");
