using Mla.Ingestion.Logs;

namespace Mla.Gateway.Tests.Logs;

public sealed class LabelSetSyntaxTests
{
    [Theory]
    [InlineData("{app=\"x\", env=\"prod\"}", "app=x|env=prod")]
    [InlineData(" { app = \"x\" , } ", "app=x")]
    [InlineData("{a=\"q\\\"uote\\\\back\\nnl\\u00e9\"}", "a=q\"uote\\back\nnlé")]
    [InlineData("{a=`raw \\n`}", "a=raw \\n")]
    [InlineData("{}", "")]
    public void Valid_label_sets_parse(string text, string expected)
    {
        Assert.True(LabelSetSyntax.TryParse(text, out var labels, out var error), error);
        Assert.Equal(expected, string.Join('|', labels.Select(l => $"{l.Name}={l.Value}")));
    }

    [Theory]
    [InlineData("app=\"x\"")]
    [InlineData("{app=\"x\"")]
    [InlineData("{app!=\"x\"}")]
    [InlineData("{app=~\"x\"}")]
    [InlineData("{app=x}")]
    [InlineData("{1app=\"x\"}")]
    [InlineData("{a-b=\"x\"}")]
    [InlineData("{app=\"x\"} trailing")]
    [InlineData("{app=\"\\q\"}")]
    [InlineData("{app=\"x\" env=\"y\"}")]
    [InlineData("")]
    public void Invalid_label_sets_are_refused_with_a_reason(string text)
    {
        Assert.False(LabelSetSyntax.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void The_canonical_form_is_sorted_escaped_and_parses_back_to_the_same_labels()
    {
        var labels = new[] { new LogLabel("zone", "a\"b\\c\nd"), new LogLabel("app", "x"), new LogLabel("B", "é") };

        var text = LabelSetSyntax.Format(labels);

        Assert.Equal("{B=\"é\", app=\"x\", zone=\"a\\\"b\\\\c\\nd\"}", text);
        Assert.True(LabelSetSyntax.TryParse(text, out var parsed, out _));
        Assert.Equal(labels.OrderBy(l => l.Name, StringComparer.Ordinal), parsed);
    }
}
