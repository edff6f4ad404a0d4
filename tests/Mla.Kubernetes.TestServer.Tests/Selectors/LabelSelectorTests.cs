using Mla.Kubernetes.TestServer.Hosting;
using Mla.Kubernetes.TestServer.Selectors;

namespace Mla.Kubernetes.TestServer.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front", ["n"] = "5" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("missing!=x", true)]
    [InlineData("app in (web,api)", true)]
    [InlineData("app in (api)", false)]
    [InlineData("app notin (api)", true)]
    [InlineData("missing notin (api)", true)]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("!missing", true)]
    [InlineData("app=web,tier=front", true)]
    [InlineData("app=web,tier=back", false)]
    [InlineData("app in (web, x),!nope", true)]
    [InlineData("n>4", true)]
    [InlineData("n<4", false)]
    public void Grammar_matches_like_Kubernetes(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("app in web")]
    [InlineData("a=b=c")]
    [InlineData("bad key=1")]
    public void Malformed_selectors_are_400(string selector)
    {
        var e = Assert.Throws<ApiException>(() => LabelSelector.Parse(selector));
        Assert.Equal(400, e.Code);
    }
}
