using Mla.Rules.Checks;

namespace Mla.Rules.Tests;

/// <summary>The real checking tools from the Debian packages (victoria-metrics, prometheus-alertmanager).</summary>
internal static class Tools
{
    public const string VmAlert = "/usr/bin/vmalert";
    public const string Amtool = "/usr/bin/amtool";

    public static async Task<CheckResult> DryRunAsync(string ruleFileText)
    {
        var file = Path.Combine(Path.GetTempPath(), $"mla-rules-test-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, ruleFileText);
        try
        {
            return await ExternalCheck.RunAsync(VmAlert, ["-dryRun", $"-rule={file}"], CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static async Task<CheckResult> CheckConfigAsync(string alertmanagerConfig)
    {
        var file = Path.Combine(Path.GetTempPath(), $"mla-am-test-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, alertmanagerConfig);
        try
        {
            return await ExternalCheck.RunAsync(Amtool, ["check-config", file], CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
