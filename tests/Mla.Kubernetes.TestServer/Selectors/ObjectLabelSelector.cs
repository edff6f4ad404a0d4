using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Store;

namespace Mla.Kubernetes.TestServer.Selectors;

/// <summary>Reads a <c>metav1.LabelSelector</c> object (<c>matchLabels</c>, <c>matchExpressions</c>) as a <see cref="LabelSelector"/>.</summary>
public static class ObjectLabelSelector
{
    public static LabelSelector From(JsonNode? selector)
    {
        var requirements = new List<LabelRequirement>();
        foreach (var (key, value) in Json.StringMap(Json.At(selector, "matchLabels")))
        {
            requirements.Add(new LabelRequirement(key, SelectorOperator.Equals, [value]));
        }
        if (Json.At(selector, "matchExpressions") is JsonArray expressions)
        {
            foreach (var expression in expressions)
            {
                var op = Json.Str(expression, "operator") switch
                {
                    "In" => SelectorOperator.In,
                    "NotIn" => SelectorOperator.NotIn,
                    "Exists" => SelectorOperator.Exists,
                    _ => SelectorOperator.DoesNotExist,
                };
                requirements.Add(new LabelRequirement(Json.Str(expression, "key") ?? "", op, Json.Strings(Json.At(expression, "values"))));
            }
        }
        return new LabelSelector(requirements);
    }
}
