using System.Globalization;

namespace Mla.Host.Embedded;

/// <summary>
/// What one demo cluster's syslog-ng runs: a program source (a shell loop, one numbered line per interval) and an
/// <c>http()</c> destination that sends Loki push JSON to the gateway with the cluster's tenant bearer token,
/// trusting the gateway's development CA.
/// </summary>
internal static class DemoLogShipperConfig
{
    /// <summary>
    /// The generator script: one line per interval, naming the cluster (no quotes or control characters). It ends
    /// when its line cannot be written (syslog-ng gone, e.g. killed: it ignores SIGPIPE, and so would its orphan).
    /// </summary>
    public static string GeneratorScript(string clusterId, TimeSpan interval)
    {
        var seconds = interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return $"""
            #!/bin/sh
            i=0
            while :; do
              i=$((i+1))
              echo "demo log line $i from cluster {clusterId}" || exit 1
              sleep {seconds}
            done

            """;
    }

    /// <summary>The syslog-ng configuration; the token is the tenant's bearer token (the file is written 0600).</summary>
    public static string Config(string clusterId, string generatorPath, Uri lokiPushUrl, string caFile, string token) =>
        $$"""
        @version: 3.35
        options { stats-freq(0); keep-hostname(yes); };
        template t_line { template("$MESSAGE"); template-escape(yes); };
        source s_generated { program("/bin/sh {{generatorPath}}" flags(no-parse)); };
        destination d_gateway {
          http(
            url("{{lokiPushUrl}}")
            persist-name("d_gateway")
            method("POST")
            headers("Content-Type: application/json", "Authorization: Bearer {{token}}")
            body-prefix('{"streams":[{"stream":{"job":"syslog-ng","cluster":"{{clusterId}}"},"values":[')
            delimiter(",")
            body('["${R_UNIXTIME}${R_USEC}000","$(template t_line)"]')
            body-suffix(']}]}')
            batch-lines(100)
            batch-timeout(500)
            tls(ca-file("{{caFile}}") peer-verify(yes))
          );
        };
        log { source(s_generated); destination(d_gateway); };

        """;
}
