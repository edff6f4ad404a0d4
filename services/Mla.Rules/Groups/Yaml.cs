using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mla.Rules.Groups;

/// <summary>Reads and writes YAML documents as nodes (the user's text is rewritten, never interpreted as objects).</summary>
internal static class Yaml
{
    /// <summary>The single document of <paramref name="text"/>; throws <see cref="YamlException"/> on bad YAML.</summary>
    public static YamlNode? Load(string text)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(text);
        stream.Load(reader);
        return stream.Documents.Count switch
        {
            0 => null,
            1 => stream.Documents[0].RootNode,
            _ => throw new YamlException("more than one YAML document"),
        };
    }

    public static string Save(YamlNode root)
    {
        var stream = new YamlStream(new YamlDocument(root));
        using var writer = new StringWriter { NewLine = "\n" };
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        const string end = "...\n";
        return text.EndsWith(end, StringComparison.Ordinal) ? text[..^end.Length] : text;
    }

    /// <summary>A double-quoted scalar: what MLA writes itself is never read as another type.</summary>
    public static YamlScalarNode Quoted(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    public static string? ScalarValue(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    public static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public static string KeyOf(KeyValuePair<YamlNode, YamlNode> entry) => entry.Key is YamlScalarNode { Value: { } key } ? key : entry.Key.ToString();
}
