using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Patching;

namespace Mla.Kubernetes.TestServer.Tests.Patching;

public sealed class JsonPatchTests
{
    private static JsonNode Apply(string target, string operations) => JsonPatch.Apply(Json.Parse(target), Json.Parse(operations).AsArray());

    // RFC 6902 Appendix A examples.
    [Theory]
    [InlineData("{'foo':'bar'}", "[{'op':'add','path':'/baz','value':'qux'}]", "{'baz':'qux','foo':'bar'}")]
    [InlineData("{'foo':['bar','baz']}", "[{'op':'add','path':'/foo/1','value':'qux'}]", "{'foo':['bar','qux','baz']}")]
    [InlineData("{'baz':'qux','foo':'bar'}", "[{'op':'remove','path':'/baz'}]", "{'foo':'bar'}")]
    [InlineData("{'foo':['bar','qux','baz']}", "[{'op':'remove','path':'/foo/1'}]", "{'foo':['bar','baz']}")]
    [InlineData("{'baz':'qux','foo':'bar'}", "[{'op':'replace','path':'/baz','value':'boo'}]", "{'baz':'boo','foo':'bar'}")]
    [InlineData("{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}", "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]", "{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}")]
    [InlineData("{'foo':['all','grass','cows','eat']}", "[{'op':'move','from':'/foo/1','path':'/foo/3'}]", "{'foo':['all','cows','eat','grass']}")]
    [InlineData("{'foo':'bar'}", "[{'op':'add','path':'/child','value':{'grandchild':{}}}]", "{'foo':'bar','child':{'grandchild':{}}}")]
    [InlineData("{'foo':['bar']}", "[{'op':'add','path':'/foo/-','value':['abc','def']}]", "{'foo':['bar',['abc','def']]}")]
    [InlineData("{'/':9,'~1':10}", "[{'op':'test','path':'/~01','value':10}]", "{'/':9,'~1':10}")]
    [InlineData("{'a/b':1,'m~n':2}", "[{'op':'replace','path':'/a~1b','value':3},{'op':'remove','path':'/m~0n'}]", "{'a/b':3}")]
    [InlineData("{'baz':'qux','foo':['a',2,'c']}", "[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]", "{'baz':'qux','foo':['a',2,'c']}")]
    [InlineData("{'a':{'b':1}}", "[{'op':'copy','from':'/a','path':'/c'}]", "{'a':{'b':1},'c':{'b':1}}")]
    [InlineData("{'a':1}", "[{'op':'replace','path':'','value':[1]}]", "[1]")]
    public void Applies_the_rfc_6902_examples(string target, string operations, string expected) =>
        Json.Equal(expected, Apply(target, operations));

    [Theory]
    [InlineData("{'baz':'qux'}", "[{'op':'test','path':'/baz','value':'bar'}]", "test operation failed")]
    [InlineData("{'foo':'bar'}", "[{'op':'add','path':'/baz/bat','value':'qux'}]", "does not exist")]
    [InlineData("{'foo':'bar'}", "[{'op':'remove','path':'/nope'}]", "no such member")]
    [InlineData("{'foo':'bar'}", "[{'op':'replace','path':'/nope','value':1}]", "does not exist")]
    [InlineData("{'foo':[1]}", "[{'op':'add','path':'/foo/5','value':1}]", "out of range")]
    [InlineData("{'foo':[1]}", "[{'op':'add','path':'/foo/01','value':1}]", "invalid array index")]
    [InlineData("{'foo':1}", "[{'op':'frobnicate','path':'/foo'}]", "unknown JSON patch operation")]
    [InlineData("{'foo':1}", "[{'op':'add','path':'/bar'}]", "lacks \"value\"")]
    [InlineData("{'foo':1}", "[{'op':'add','path':'bar','value':1}]", "invalid JSON pointer")]
    [InlineData("{'a':{'b':1}}", "[{'op':'move','from':'/a','path':'/a/c'}]", "its own child")]
    public void Refuses_a_failing_operation_with_a_clear_message(string target, string operations, string message)
    {
        var error = Assert.Throws<PatchException>(() => Apply(target, operations));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_test_leaves_the_input_untouched()
    {
        var target = Json.Parse("{'metadata':{'finalizers':['a']}}");

        Assert.Throws<PatchException>(() => JsonPatch.Apply(target, Json.Parse("[{'op':'remove','path':'/metadata/finalizers/0'},{'op':'test','path':'/x','value':1}]").AsArray()));

        Json.Equal("{'metadata':{'finalizers':['a']}}", target);
    }

    [Fact]
    public void Replace_keeps_member_order()
    {
        var result = Apply("{'a':1,'b':2,'c':3}", "[{'op':'replace','path':'/b','value':9}]");

        Assert.Equal("{\"a\":1,\"b\":9,\"c\":3}", result.ToJsonString());
    }
}
