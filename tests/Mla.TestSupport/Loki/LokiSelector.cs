using System.Text.RegularExpressions;
using Mla.Ingestion.Logs;

namespace Mla.TestSupport.Loki;

/// <summary>
/// A LogQL stream selector as Loki's delete API takes it: <c>{name op "value", …}</c> with <c>=</c>, <c>!=</c>,
/// <c>=~</c>, <c>!~</c> (regular expressions anchored at both ends, as in Prometheus), at least one matcher.
/// </summary>
public sealed partial class LokiSelector
{
    private readonly List<(string Name, string Op, string Value, Regex? Pattern)> _matchers;

    private LokiSelector(List<(string Name, string Op, string Value, Regex? Pattern)> matchers) => _matchers = matchers;

    public static bool TryParse(string text, out LokiSelector? selector)
    {
        selector = null;
        var whole = Whole().Match(text);
        if (!whole.Success)
        {
            return false;
        }

        var matchers = new List<(string, string, string, Regex?)>();
        foreach (Match m in Matcher().Matches(whole.Groups[1].Value))
        {
            var op = m.Groups[2].Value;
            var value = Regex.Unescape(m.Groups[3].Value);
            matchers.Add((m.Groups[1].Value, op, value, op.EndsWith('~') ? new Regex($"^(?:{value})$", RegexOptions.CultureInvariant) : null));
        }

        if (matchers.Count == 0)
        {
            return false;
        }

        selector = new LokiSelector(matchers);
        return true;
    }

    /// <summary>Whether a stream with these labels (<c>{a="b", …}</c>) is selected; a missing label has the value "".</summary>
    public bool Matches(string streamLabels)
    {
        if (!LabelSetSyntax.TryParse(streamLabels, out var labels, out _))
        {
            return false;
        }

        foreach (var (name, op, value, pattern) in _matchers)
        {
            var actual = labels.Where(l => l.Name == name).Select(l => l.Value).FirstOrDefault() ?? "";
            var ok = op switch
            {
                "=" => actual == value,
                "!=" => actual != value,
                "=~" => pattern!.IsMatch(actual),
                _ => !pattern!.IsMatch(actual),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("""^\s*\{((?:\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*,?)*)\s*\}\s*$""")]
    private static partial Regex Whole();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Matcher();
}
