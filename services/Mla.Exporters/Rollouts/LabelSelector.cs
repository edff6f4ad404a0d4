using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Mla.Exporters.Rollouts;

/// <summary>
/// A Kubernetes-style label selector on a cluster's labels: comma-separated requirements <c>k=v</c>, <c>k==v</c>,
/// <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> (exists) and <c>!k</c> (does not exist); all must hold.
/// </summary>
public sealed partial class LabelSelector
{
    private static readonly ConcurrentDictionary<string, LabelSelector> Parsed = new(StringComparer.Ordinal);

    private readonly IReadOnlyList<Func<IReadOnlyDictionary<string, string>, bool>> _requirements;

    private LabelSelector(IReadOnlyList<Func<IReadOnlyDictionary<string, string>, bool>> requirements) => _requirements = requirements;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r(labels));

    /// <summary>Parses (and caches) a selector.</summary>
    /// <exception cref="FormatException">The text is not a label selector (the message says where).</exception>
    public static LabelSelector Parse(string text) => Parsed.TryGetValue(text, out var cached) ? cached : Parsed.GetOrAdd(text, ParseNew(text));

    private static LabelSelector ParseNew(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("the selector is empty");
        }

        var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var part in SplitTopLevel(text))
        {
            var item = part.Trim();
            Match match;
            if ((match = SetRequirement().Match(item)).Success)
            {
                var key = Key(match.Groups["key"].Value);
                var values = match.Groups["values"].Value.Split(',').Select(v => Value(v.Trim())).ToHashSet(StringComparer.Ordinal);
                var notIn = match.Groups["op"].Value == "notin";
                requirements.Add(labels => labels.TryGetValue(key, out var v) ? values.Contains(v) != notIn : notIn);
            }
            else if ((match = EqualityRequirement().Match(item)).Success)
            {
                var key = Key(match.Groups["key"].Value);
                var value = Value(match.Groups["value"].Value.Trim());
                var notEqual = match.Groups["op"].Value == "!=";
                requirements.Add(labels => labels.TryGetValue(key, out var v) ? (v == value) != notEqual : notEqual);
            }
            else if ((match = ExistsRequirement().Match(item)).Success)
            {
                var key = Key(match.Groups["key"].Value);
                var absent = match.Groups["not"].Success;
                requirements.Add(labels => labels.ContainsKey(key) != absent);
            }
            else
            {
                throw new FormatException($"'{item}' is not a requirement (k=v, k!=v, k in (a,b), k notin (a,b), k, !k)");
            }
        }

        return new LabelSelector(requirements);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static string Key(string key) => LabelKey().IsMatch(key) ? key : throw new FormatException($"'{key}' is not a label key");

    private static string Value(string value) => value.Length == 0 || LabelValue().IsMatch(value) ? value : throw new FormatException($"'{value}' is not a label value");

    [GeneratedRegex(@"^(?<key>\S+)\s+(?<op>in|notin)\s*\((?<values>[^()]*)\)$")]
    private static partial Regex SetRequirement();

    [GeneratedRegex(@"^(?<key>[^\s=!]+)\s*(?<op>==|=|!=)\s*(?<value>[^\s=!]*)$")]
    private static partial Regex EqualityRequirement();

    [GeneratedRegex(@"^(?<not>!)?\s*(?<key>[^\s=!(),]+)$")]
    private static partial Regex ExistsRequirement();

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
