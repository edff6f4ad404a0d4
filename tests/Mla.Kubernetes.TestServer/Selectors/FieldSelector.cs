using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Hosting;
using Mla.Kubernetes.TestServer.Resources;
using Mla.Kubernetes.TestServer.Store;

namespace Mla.Kubernetes.TestServer.Selectors;

/// <summary>
/// A field selector (<c>metadata.name=x,status.phase!=Running</c>): <c>=</c>, <c>==</c>, <c>!=</c> on
/// <c>metadata.name</c> and <c>metadata.namespace</c> of every kind, plus the kind's own fields (Pod
/// <c>spec.nodeName</c>, a CRD's selectableFields …). Unknown fields answer 400 as in Kubernetes.
/// </summary>
public sealed class FieldSelector
{
    public static readonly FieldSelector Everything = new([]);

    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string Field, bool Equal, string Value)> terms) => _terms = terms;

    /// <summary>The value <c>metadata.name</c> must equal, if the selector pins it (for single-object watches).</summary>
    public string? PinnedName => _terms.FirstOrDefault(t => t.Field == "metadata.name" && t.Equal).Value;

    public static FieldSelector Parse(string? text, ResourceKind kind)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var terms = new List<(string, bool, string)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (field, equal, value) = Term(part);
            if (field is not ("metadata.name" or "metadata.namespace") && !(kind.ExtraFieldSelectors?.Contains(field) ?? false))
            {
                throw ApiErrors.BadRequest($"field label not supported: {field}");
            }
            terms.Add((field, equal, value));
        }
        return new FieldSelector(terms);
    }

    public static FieldSelector ForName(string name) => new([("metadata.name", true, name)]);

    public bool Matches(JsonObject obj) =>
        _terms.All(t => (Json.Scalar(obj, t.Field.Split('.')) ?? "") == t.Value == t.Equal);

    private static (string, bool, string) Term(string part)
    {
        var notEqual = part.IndexOf("!=", StringComparison.Ordinal);
        if (notEqual > 0)
        {
            return (part[..notEqual].Trim(), false, part[(notEqual + 2)..].Trim());
        }
        var doubleEqual = part.IndexOf("==", StringComparison.Ordinal);
        if (doubleEqual > 0)
        {
            return (part[..doubleEqual].Trim(), true, part[(doubleEqual + 2)..].Trim());
        }
        var equal = part.IndexOf('=', StringComparison.Ordinal);
        if (equal > 0)
        {
            return (part[..equal].Trim(), true, part[(equal + 1)..].Trim());
        }
        throw ApiErrors.BadRequest($"invalid selector: '{part}'; can't understand '{part}'");
    }
}
