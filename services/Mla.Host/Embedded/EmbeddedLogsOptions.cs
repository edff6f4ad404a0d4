using System.ComponentModel.DataAnnotations;

namespace Mla.Host.Embedded;

/// <summary>
/// Section <c>Mla:Embedded:Logs</c>: the embedded default's logs path — a second writer (a child process of the host
/// reading the logs topic into per-tenant files under <c>&lt;StateDirectory&gt;/logs/&lt;tenant&gt;/</c>) and one
/// syslog-ng per demo cluster shipping generated lines to the gateway's Loki push API with its tenant's bearer token.
/// </summary>
public sealed class EmbeddedLogsOptions
{
    public bool Enabled { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string SyslogNgBinary { get; set; } = "/usr/sbin/syslog-ng";

    /// <summary>How often each demo cluster's shipper generates one line.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan LineInterval { get; set; } = TimeSpan.FromSeconds(2);
}
