using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>
/// The path elements of structured-merge-diff field sets, in their FieldsV1 spelling: <c>f:name</c> (a field),
/// <c>k:{"name":"c"}</c> (an item of a map list, keys sorted), <c>v:"x"</c> (an item of a set list), <c>i:0</c>.
/// </summary>
internal static class FieldPathElement
{
    /// <summary>Separates the elements of a path in <see cref="FieldSet"/>; JSON escapes it inside keys and values.</summary>
    public const char Separator = '\u001f';

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Field(string name) => "f:" + name;

    public static string Value(JsonNode? value) => "v:" + Json(value);

    /// <summary>The key element of a map-list item; a missing <c>protocol</c> key takes Kubernetes' default TCP.</summary>
    public static string? Key(JsonObject item, IReadOnlyList<string> keys)
    {
        var key = new JsonObject();
        foreach (var name in keys.Order(StringComparer.Ordinal))
        {
            if (item.TryGetPropertyValue(name, out var value) && value is not null)
            {
                key[name] = value.DeepClone();
            }
            else if (name == "protocol")
            {
                key[name] = "TCP";
            }
            else
            {
                return null;
            }
        }

        return "k:" + Json(key);
    }

    public static string Json(JsonNode? node) => node?.ToJsonString(Compact) ?? "null";

    /// <summary>The path as Kubernetes prints it in conflicts: <c>.spec.template.spec.containers[name="c"].image</c>.</summary>
    public static string Describe(IEnumerable<string> elements) => string.Concat(elements.Select(DescribeElement));

    private static string DescribeElement(string element)
    {
        var body = element[2..];
        return element[..2] switch
        {
            "f:" => "." + body,
            "k:" => "[" + string.Join(',', JsonNode.Parse(body)!.AsObject().Select(pair => pair.Key + "=" + Json(pair.Value))) + "]",
            "v:" => "[=" + body + "]",
            _ => "[" + body + "]",
        };
    }

    /// <summary>
    /// structured-merge-diff's order: fields, then keys, then values, then indexes; field names ordinal, keys field by
    /// field (name, then value), values numbers by magnitude and strings ordinal.
    /// </summary>
    public static int Compare(string left, string right)
    {
        var byKind = Rank(left).CompareTo(Rank(right));
        if (byKind != 0)
        {
            return byKind;
        }

        return left[0] switch
        {
            'k' => CompareKeys(left[2..], right[2..]),
            'v' => CompareValues(JsonNode.Parse(left[2..]), JsonNode.Parse(right[2..])),
            'i' when int.TryParse(left[2..], out var l) && int.TryParse(right[2..], out var r) => l.CompareTo(r),
            _ => string.CompareOrdinal(left, right),
        };
    }

    private static int CompareKeys(string left, string right)
    {
        var leftFields = JsonNode.Parse(left)!.AsObject().ToList();
        var rightFields = JsonNode.Parse(right)!.AsObject().ToList();
        for (var i = 0; i < Math.Min(leftFields.Count, rightFields.Count); i++)
        {
            var byName = string.CompareOrdinal(leftFields[i].Key, rightFields[i].Key);
            if (byName != 0)
            {
                return byName;
            }

            var byValue = CompareValues(leftFields[i].Value, rightFields[i].Value);
            if (byValue != 0)
            {
                return byValue;
            }
        }

        return leftFields.Count.CompareTo(rightFields.Count);
    }

    private static int CompareValues(JsonNode? left, JsonNode? right)
    {
        if (left is JsonValue l && right is JsonValue r)
        {
            if (l.TryGetValue<double>(out var leftNumber) && r.TryGetValue<double>(out var rightNumber))
            {
                return leftNumber.CompareTo(rightNumber);
            }

            if (l.TryGetValue<string>(out var leftText) && r.TryGetValue<string>(out var rightText))
            {
                return string.CompareOrdinal(leftText, rightText);
            }
        }

        return string.CompareOrdinal(Json(left), Json(right));
    }

    private static int Rank(string element) => element.Length < 2 ? 4 : element[0] switch
    {
        'f' => 0,
        'k' => 1,
        'v' => 2,
        'i' => 3,
        _ => 4,
    };
}
