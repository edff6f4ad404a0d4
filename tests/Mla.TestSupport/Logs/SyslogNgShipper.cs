using System.Globalization;
using System.Text;
using Mla.TestSupport.Processes;

namespace Mla.TestSupport.Logs;

/// <summary>
/// A real log shipper nobody here wrote: syslog-ng (Debian <c>syslog-ng-core</c> and <c>syslog-ng-mod-http</c>)
/// following one input file per sender and sending its lines as Loki push JSON through its <c>http()</c>
/// destination, with the sender's bearer token. Lines must not hold control characters (syslog-ng's
/// <c>template-escape</c> escapes only quotes and backslashes).
/// </summary>
public sealed class SyslogNgShipper : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/syslog-ng";

    private readonly ChildProcess _process;
    private readonly string _directory;

    private SyslogNgShipper(ChildProcess process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    public static bool IsInstalled => File.Exists(Binary) && Directory.Exists("/usr/lib/syslog-ng") &&
        Directory.EnumerateFiles("/usr/lib/syslog-ng", "libhttp.so", SearchOption.AllDirectories).Any();

    /// <param name="pushUrl">The gateway's <c>/loki/api/v1/push</c> URL.</param>
    /// <param name="senders">Each sender's name (its input file and its <c>sender</c> label) and bearer token.</param>
    public static SyslogNgShipper Start(Uri pushUrl, IReadOnlyList<(string Name, string Token)> senders)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException("syslog-ng with its http module is not installed: run `make test-deps` (Debian syslog-ng-core, syslog-ng-mod-http)");
        }

        var directory = Directory.CreateTempSubdirectory("mla-syslog-ng-").FullName;
        var config = Config(directory, pushUrl, senders);
        var configPath = Path.Combine(directory, "syslog-ng.conf");
        File.WriteAllText(configPath, config);
        foreach (var (name, _) in senders)
        {
            File.WriteAllText(InputPath(directory, name), string.Empty);
        }

        var process = ChildProcess.Start(new ChildProcessSpec(
            Binary,
            ["-F", "-f", configPath, $"--persist-file={Path.Combine(directory, "syslog-ng.persist")}", $"--pidfile={Path.Combine(directory, "syslog-ng.pid")}",
             $"--control={Path.Combine(directory, "syslog-ng.ctl")}", "--no-caps"],
            Path.Combine(directory, "syslog-ng.log")));
        return new SyslogNgShipper(process, directory);
    }

    /// <summary>The configuration the shipper runs with (also what <c>make run</c> writes per demo cluster).</summary>
    public static string Config(string directory, Uri pushUrl, IReadOnlyList<(string Name, string Token)> senders)
    {
        var config = new StringBuilder("""
            @version: 3.38
            options { stats-freq(0); keep-hostname(yes); };
            template t_line { template("$MESSAGE"); template-escape(yes); };

            """);
        foreach (var (name, token) in senders)
        {
            var id = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
            config.Append(CultureInfo.InvariantCulture, $$"""
                source s_{{id}} { file("{{InputPath(directory, name)}}" follow-freq(0.2) flags(no-parse)); };
                destination d_{{id}} {
                  http(
                    url("{{pushUrl}}")
                    persist-name("d_{{id}}")
                    method("POST")
                    headers("Content-Type: application/json", "Authorization: Bearer {{token}}")
                    body-prefix('{"streams":[{"stream":{"job":"syslog-ng","sender":"{{name}}"},"values":[')
                    delimiter(",")
                    body('["${R_UNIXTIME}${R_USEC}000","$(template t_line)"]')
                    body-suffix(']}]}')
                    batch-lines(100)
                    batch-timeout(200)
                  );
                };
                log { source(s_{{id}}); destination(d_{{id}}); };

                """);
        }

        return config.ToString();
    }

    public bool HasExited => _process.HasExited;

    public string LogTail() => _process.ReadLogTail();

    /// <summary>Appends lines to a sender's input file; syslog-ng picks them up within a fraction of a second.</summary>
    public void Append(string sender, IEnumerable<string> lines) =>
        File.AppendAllLines(InputPath(_directory, sender), lines);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(_directory, recursive: true);
    }

    private static string InputPath(string directory, string name) => Path.Combine(directory, $"in-{name}.log");
}
