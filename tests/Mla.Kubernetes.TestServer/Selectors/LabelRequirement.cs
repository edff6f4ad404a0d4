using System.Globalization;

namespace Mla.Kubernetes.TestServer.Selectors;

/// <summary>One requirement of a label selector: <c>key op values</c>.</summary>
public sealed record LabelRequirement(string Key, SelectorOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            SelectorOperator.Equals => present && value == Values[0],
            SelectorOperator.NotEquals => !present || value != Values[0],
            SelectorOperator.In => present && Values.Contains(value!),
            SelectorOperator.NotIn => !present || !Values.Contains(value!),
            SelectorOperator.Exists => present,
            SelectorOperator.DoesNotExist => !present,
            SelectorOperator.GreaterThan => present && long.TryParse(value, CultureInfo.InvariantCulture, out var g) && g > long.Parse(Values[0], CultureInfo.InvariantCulture),
            SelectorOperator.LessThan => present && long.TryParse(value, CultureInfo.InvariantCulture, out var l) && l < long.Parse(Values[0], CultureInfo.InvariantCulture),
            _ => false,
        };
    }
}
