using Mla.Exporters.Rollouts;

namespace Mla.Exporters.Tests.Rollouts;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal) { ["ring"] = "canary", ["env"] = "prod", ["mla.k8c.io/profile"] = "edge" };

    [Theory]
    [InlineData("ring=canary", true)]
    [InlineData("ring==canary", true)]
    [InlineData("ring=main", false)]
    [InlineData("ring=", false)]
    [InlineData("ring!=main", true)]
    [InlineData("missing!=x", true)]
    [InlineData("ring in (canary, early)", true)]
    [InlineData("ring notin (canary,early)", false)]
    [InlineData("missing notin (a)", true)]
    [InlineData("missing in (a)", false)]
    [InlineData("env", true)]
    [InlineData("!env", false)]
    [InlineData("!missing", true)]
    [InlineData("ring=canary,env=prod,mla.k8c.io/profile=edge", true)]
    [InlineData("ring=canary, env=dev", false)]
    [InlineData("env in (prod,dev),ring notin (main)", true)]
    public void A_selector_matches_as_in_Kubernetes(string selector, bool matches) =>
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("")]
    [InlineData("ring in (a")]
    [InlineData("=canary")]
    [InlineData("ring=can ary")]
    [InlineData("ring=-bad")]
    public void A_malformed_selector_is_refused(string selector)
        => Assert.Throws<FormatException>(() => LabelSelector.Parse(selector));
}
