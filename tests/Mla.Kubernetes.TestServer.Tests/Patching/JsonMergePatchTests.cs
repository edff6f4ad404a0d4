using Mla.Kubernetes.TestServer.Patching;

namespace Mla.Kubernetes.TestServer.Tests.Patching;

public sealed class JsonMergePatchTests
{
    // RFC 7386 Appendix A: the test cases, verbatim.
    [Theory]
    [InlineData("{'a':'b'}", "{'a':'c'}", "{'a':'c'}")]
    [InlineData("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}")]
    [InlineData("{'a':'b'}", "{'a':null}", "{}")]
    [InlineData("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}")]
    [InlineData("{'a':['b']}", "{'a':'c'}", "{'a':'c'}")]
    [InlineData("{'a':'c'}", "{'a':['b']}", "{'a':['b']}")]
    [InlineData("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}")]
    [InlineData("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}")]
    [InlineData("['a','b']", "['c','d']", "['c','d']")]
    [InlineData("{'a':'b'}", "['c']", "['c']")]
    [InlineData("{'a':'foo'}", "null", "null")]
    [InlineData("{'a':'foo'}", "'bar'", "'bar'")]
    [InlineData("{'e':null}", "{'a':1}", "{'e':null,'a':1}")]
    [InlineData("[1,2]", "{'a':'b','c':null}", "{'a':'b'}")]
    [InlineData("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}")]
    public void Applies_the_rfc_7386_examples(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(Json.ParseNullable(target), Json.ParseNullable(patch));

        Json.Equal(expected, result);
    }

    [Fact]
    public void Merges_the_rfc_example_document()
    {
        var target = Json.Parse("{'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},'tags':['example','sample'],'content':'This will be unchanged'}");
        var patch = Json.Parse("{'title':'Hello!','phoneNumber':'+01-123-456-7890','author':{'familyName':null},'tags':['example']}");

        var result = JsonMergePatch.Apply(target, patch);

        Json.Equal("{'title':'Hello!','author':{'givenName':'John'},'tags':['example'],'content':'This will be unchanged','phoneNumber':'+01-123-456-7890'}", result);
    }

    [Fact]
    public void Does_not_change_its_inputs()
    {
        var target = Json.Parse("{'metadata':{'labels':{'a':'1'}}}");
        var patch = Json.Parse("{'metadata':{'labels':{'a':null,'b':'2'}}}");

        var result = JsonMergePatch.Apply(target, patch);

        Json.Equal("{'metadata':{'labels':{'b':'2'}}}", result);
        Json.Equal("{'metadata':{'labels':{'a':'1'}}}", target);
        Json.Equal("{'metadata':{'labels':{'a':null,'b':'2'}}}", patch);
    }

    [Fact]
    public void Keeps_the_order_of_existing_members()
    {
        var result = JsonMergePatch.Apply(Json.Parse("{'a':1,'b':2,'c':3}"), Json.Parse("{'a':9}"));

        Assert.Equal("{\"a\":9,\"b\":2,\"c\":3}", result!.ToJsonString());
    }
}
