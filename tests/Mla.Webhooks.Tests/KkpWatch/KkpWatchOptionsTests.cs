using Mla.Hosting.Options;
using Mla.Webhooks.KkpWatch;

namespace Mla.Webhooks.Tests.KkpWatch;

public sealed class KkpWatchOptionsTests
{
    private static List<string> Failures(KkpWatchOptions kkp) =>
        (new SectionDataAnnotationsValidator<WebhooksOptions>(WebhooksOptions.SectionName).Validate(null, new WebhooksOptions { Secret = "x", Kkp = kkp }).Failures ?? []).ToList();

    [Fact]
    public void Off_without_seeds_and_the_tenants_barrier_by_default()
    {
        var options = new KkpWatchOptions();
        Assert.False(options.Enabled);
        Assert.Equal(["tenants"], options.CleanupBarrierServices);
        Assert.Empty(Failures(options));
    }

    [Fact]
    public void A_seed_needs_a_valid_name_and_an_existing_kubeconfig_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            var failures = Failures(new KkpWatchOptions
            {
                Seeds = new()
                {
                    ["eu-1"] = new KkpSeedOptions { Kubeconfig = file },
                    ["Bad_Name"] = new KkpSeedOptions { Kubeconfig = file },
                    ["us-1"] = new KkpSeedOptions { Kubeconfig = "/nonexistent/kubeconfig" },
                    ["ap-1"] = new KkpSeedOptions(),
                },
            });

            Assert.Equal(3, failures.Count);
            Assert.Contains(failures, f => f.StartsWith("Mla:Webhooks:Kkp:Seeds:Bad_Name:", StringComparison.Ordinal));
            Assert.Contains(failures, f => f.StartsWith("Mla:Webhooks:Kkp:Seeds:us-1:Kubeconfig:", StringComparison.Ordinal) && f.Contains("does not exist", StringComparison.Ordinal));
            Assert.Contains(failures, f => f.StartsWith("Mla:Webhooks:Kkp:Seeds:ap-1:Kubeconfig:", StringComparison.Ordinal) && f.Contains("is required", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_barrier_names_only_services_that_report_a_cleanup_and_may_be_empty()
    {
        var failure = Assert.Single(Failures(new KkpWatchOptions { CleanupBarrier = "tenants, grafana" }));
        Assert.StartsWith("Mla:Webhooks:Kkp:CleanupBarrier:", failure, StringComparison.Ordinal);
        Assert.Empty(new KkpWatchOptions { CleanupBarrier = "" }.CleanupBarrierServices);
    }
}
