using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mla.Kubernetes.TestServer.Yaml;

/// <summary>
/// Reads YAML (apply bodies, manifest files) into JSON nodes with the YAML core schema's scalar types: plain
/// <c>true</c>/<c>false</c>, <c>null</c>/<c>~</c>, integers and floats become JSON values; quoted scalars stay strings.
/// </summary>
public static partial class YamlToJson
{
    /// <summary>Every non-empty document of a (multi-document) YAML text.</summary>
    public static IReadOnlyList<JsonNode> ParseDocuments(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException("invalid YAML: " + e.Message, e);
        }
        return [.. stream.Documents.Select(d => Convert(d.RootNode)).OfType<JsonNode>()];
    }

    /// <summary>One document (JSON is YAML, so JSON bodies work too).</summary>
    public static JsonNode? Parse(string text)
    {
        var documents = ParseDocuments(text);
        return documents.Count == 0 ? null : documents[0];
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", Convert(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }
        if (scalar.Tag.IsEmpty is false && scalar.Tag.Value == "tag:yaml.org,2002:str")
        {
            return JsonValue.Create(value);
        }
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
            default:
                break;
        }
        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }
        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }
        return JsonValue.Create(value);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
