using System.Globalization;
using System.Text.RegularExpressions;
using Mla.Kubernetes.TestServer.Hosting;

namespace Mla.Kubernetes.TestServer.Selectors;

/// <summary>
/// A label selector in Kubernetes' text grammar (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors): <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>, <c>k&gt;1</c>, <c>k&lt;1</c>; commas mean AND.
/// </summary>
public sealed partial class LabelSelector(IReadOnlyList<LabelRequirement> requirements)
{
    public static readonly LabelSelector Everything = new([]);

    public IReadOnlyList<LabelRequirement> Requirements { get; } = requirements;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    /// <summary>Parses the query value (already URL-decoded, so <c>+</c> arrived as a space); throws a 400 when malformed.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var requirements = new List<LabelRequirement>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim(), text));
        }
        return new LabelSelector(requirements);
    }

    private static LabelRequirement ParseRequirement(string part, string whole)
    {
        Match m;
        if ((m = SetPattern().Match(part)).Success)
        {
            var values = m.Groups["values"].Value.Split(',').Select(v => v.Trim()).ToList();
            if (values.Any(v => !LabelSyntax.IsValue(v)))
            {
                throw Bad(whole);
            }
            var op = m.Groups["op"].Value == "in" ? SelectorOperator.In : SelectorOperator.NotIn;
            return new LabelRequirement(Key(m.Groups["key"].Value, whole), op, values);
        }
        if ((m = ComparePattern().Match(part)).Success)
        {
            var value = m.Groups["value"].Value.Trim();
            var op = m.Groups["op"].Value switch
            {
                "!=" => SelectorOperator.NotEquals,
                ">" => SelectorOperator.GreaterThan,
                "<" => SelectorOperator.LessThan,
                _ => SelectorOperator.Equals,
            };
            if (op is SelectorOperator.GreaterThan or SelectorOperator.LessThan ? !long.TryParse(value, CultureInfo.InvariantCulture, out _) : !LabelSyntax.IsValue(value))
            {
                throw Bad(whole);
            }
            return new LabelRequirement(Key(m.Groups["key"].Value, whole), op, [value]);
        }
        if (part.StartsWith('!'))
        {
            return new LabelRequirement(Key(part[1..].Trim(), whole), SelectorOperator.DoesNotExist, []);
        }
        return new LabelRequirement(Key(part, whole), SelectorOperator.Exists, []);
    }

    private static string Key(string key, string whole)
    {
        key = key.Trim();
        return LabelSyntax.IsKey(key) ? key : throw Bad(whole);
    }

    private static ApiException Bad(string selector) =>
        ApiErrors.BadRequest($"unable to parse requirement: invalid label selector: \"{selector}\"");

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth--;
            }
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    [GeneratedRegex(@"^(?<key>\S+)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)$")]
    private static partial Regex SetPattern();

    [GeneratedRegex(@"^(?<key>[^=!<>\s]+)\s*(?<op>==|=|!=|>|<)\s*(?<value>.*)$")]
    private static partial Regex ComparePattern();
}
