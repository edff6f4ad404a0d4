using Mla.Kubernetes.TestServer.Yaml;

namespace Mla.Kubernetes.TestServer.Tests.Yaml;

public sealed class YamlToJsonTests
{
    [Fact]
    public void Scalars_get_the_core_schema_types_and_quoted_ones_stay_strings()
    {
        var node = YamlToJson.Parse("""
            a: 1
            b: "1"
            c: true
            d: 'true'
            e: ~
            f: 1.5
            g: text
            h: [x, 2]
            i: |
              block
            """)!;
        Assert.Equal("""{"a":1,"b":"1","c":true,"d":"true","e":null,"f":1.5,"g":"text","h":["x",2],"i":"block"}""", node.ToJsonString());
    }

    [Fact]
    public void Multi_document_text_gives_every_non_empty_document()
    {
        var documents = YamlToJson.ParseDocuments("a: 1\n---\n---\nb: 2\n");
        Assert.Equal(2, documents.Count);
    }

    [Fact]
    public void Broken_yaml_is_a_format_error() =>
        Assert.Throws<FormatException>(() => YamlToJson.ParseDocuments("a: [1,"));
}
