using System.Text;
using YamlDotNet.RepresentationModel;

namespace Mla.Rules.Groups;

/// <summary>Compares YAML by meaning: map keys in any order, any scalar style or formatting.</summary>
internal static class YamlComparison
{
    public static bool SameContent(string? left, string? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        try
        {
            return Canonical(Yaml.Load(left)) == Canonical(Yaml.Load(right));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return false;
        }
    }

    private static string Canonical(YamlNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(YamlNode? node, StringBuilder text)
    {
        switch (node)
        {
            case YamlMappingNode map:
                text.Append('{');
                foreach (var entry in map.Children.OrderBy(Yaml.KeyOf, StringComparer.Ordinal))
                {
                    text.Append(System.Text.Json.JsonSerializer.Serialize(Yaml.KeyOf(entry))).Append(':');
                    Write(entry.Value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case YamlSequenceNode sequence:
                text.Append('[');
                foreach (var child in sequence.Children)
                {
                    Write(child, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case YamlScalarNode scalar:
                text.Append(System.Text.Json.JsonSerializer.Serialize(scalar.Value ?? string.Empty));
                break;
            default:
                text.Append("null");
                break;
        }
    }
}
