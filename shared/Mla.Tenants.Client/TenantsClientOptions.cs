using System.ComponentModel.DataAnnotations;

namespace Mla.Tenants.Client;

/// <summary>Where a service finds the tenant service, and how often it re-reads the full list besides the events.</summary>
public sealed class TenantsClientOptions
{
    /// <summary>Base URL of the tenant service (<c>http://mla-tenants:8080</c>); empty: this service does not follow tenants.</summary>
    public string? Url { get; set; }

    /// <summary>The full list is read at start and then this often (events keep it current in between).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After a failed read, the next try comes this much later (the table in hand stays in use meanwhile).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bearer token with the <c>internal</c> (or <c>viewer</c>) role at the tenant service (<c>Mla:Access:Tokens</c> there).</summary>
    public string? Token { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}
