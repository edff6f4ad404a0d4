using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Patching;

namespace Mla.Kubernetes.TestServer.Tests.Patching;

public sealed class StrategicMergePatchTests
{
    private const string Deployment = """
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'patch-demo','finalizers':['a']},
         'spec':{'replicas':2,'selector':{'matchLabels':{'app':'nginx'}},
          'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},
          'template':{'metadata':{'labels':{'app':'nginx'}},'spec':{
            'containers':[{'name':'patch-demo-ctr','image':'nginx','ports':[{'containerPort':80}],'env':[{'name':'A','value':'1'}]}],
            'tolerations':[{'effect':'NoSchedule','key':'dedicated','value':'test-team'}]}}}}
        """;

    private static string Apply(string patch) => StrategicMergePatch.Apply(Json.Parse(Deployment), Json.Parse(patch), "Deployment").ToJsonString();

    private static JsonNode Containers(string patch) => Json.Parse(Apply(patch))["spec"]!["template"]!["spec"]!["containers"]!;

    // kubernetes.io "Update API Objects in Place Using kubectl patch": a second container merges into the list by name.
    [Fact]
    public void Merges_containers_by_name()
    {
        var containers = Containers("{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr-2','image':'redis'}]}}}}");

        Json.Equal("[{'name':'patch-demo-ctr','image':'nginx','ports':[{'containerPort':80}],'env':[{'name':'A','value':'1'}]},{'name':'patch-demo-ctr-2','image':'redis'}]", containers);
    }

    [Fact]
    public void Merges_fields_of_an_existing_item_and_its_nested_lists()
    {
        var containers = Containers("{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr','image':'nginx:2','ports':[{'containerPort':443}],'env':[{'name':'A','value':'2'},{'name':'B','value':'3'}]}]}}}}");

        Json.Equal("[{'name':'patch-demo-ctr','image':'nginx:2','ports':[{'containerPort':80},{'containerPort':443}],'env':[{'name':'A','value':'2'},{'name':'B','value':'3'}]}]", containers);
    }

    // Same page: tolerations have no patch strategy, so the patch replaces the list.
    [Fact]
    public void Replaces_a_list_without_a_merge_key()
    {
        var result = Json.Parse(Apply("{'spec':{'template':{'spec':{'tolerations':[{'effect':'NoSchedule','key':'disktype','value':'ssd'}]}}}}"));

        Json.Equal("[{'effect':'NoSchedule','key':'disktype','value':'ssd'}]", result["spec"]!["template"]!["spec"]!["tolerations"]);
    }

    // Same page: the retainKeys strategy clears rollingUpdate when switching to Recreate.
    [Fact]
    public void Retain_keys_drops_the_fields_it_does_not_list()
    {
        var result = Json.Parse(Apply("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}"));

        Json.Equal("{'type':'Recreate'}", result["spec"]!["strategy"]);
    }

    [Fact]
    public void Patch_delete_removes_an_item_by_key()
    {
        var containers = Containers("{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr','$patch':'delete'}]}}}}");

        Json.Equal("[]", containers);
    }

    [Fact]
    public void Patch_replace_replaces_a_map_whole()
    {
        var result = Json.Parse(Apply("{'spec':{'strategy':{'$patch':'replace','type':'Recreate'}}}"));

        Json.Equal("{'type':'Recreate'}", result["spec"]!["strategy"]);
    }

    [Fact]
    public void Patch_replace_item_replaces_a_list_whole()
    {
        var containers = Containers("{'spec':{'template':{'spec':{'containers':[{'name':'x','image':'busybox'},{'$patch':'replace'}]}}}}");

        Json.Equal("[{'name':'x','image':'busybox'}]", containers);
    }

    [Fact]
    public void Patch_delete_on_a_map_removes_it()
    {
        var result = Json.Parse(Apply("{'spec':{'strategy':{'$patch':'delete'}}}"));

        Assert.Null(result["spec"]!["strategy"]);
    }

    [Fact]
    public void Finalizers_merge_as_a_set_and_delete_from_primitive_list_removes()
    {
        Json.Equal("['a','b']", Json.Parse(Apply("{'metadata':{'finalizers':['a','b']}}"))["metadata"]!["finalizers"]);
        Json.Equal("['b']", Json.Parse(Apply("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a'],'finalizers':['b']}}"))["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Set_element_order_orders_the_merged_list()
    {
        var containers = Containers("{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'first'},{'name':'patch-demo-ctr'}],'containers':[{'name':'first','image':'busybox'}]}}}}");

        Assert.Equal(["first", "patch-demo-ctr"], containers.AsArray().Select(container => container!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void Null_deletes_a_field_and_maps_merge()
    {
        var result = Json.Parse(Apply("{'metadata':{'labels':{'x':'y'}},'spec':{'replicas':null,'template':{'metadata':{'labels':{'tier':'web'}}}}}"));

        Assert.Null(result["spec"]!["replicas"]);
        Json.Equal("{'x':'y'}", result["metadata"]!["labels"]);
        Json.Equal("{'app':'nginx','tier':'web'}", result["spec"]!["template"]!["metadata"]!["labels"]);
    }

    [Fact]
    public void Custom_resources_replace_every_list()
    {
        var result = StrategicMergePatch.Apply(Json.Parse("{'spec':{'items':[{'name':'a'}]}}"), Json.Parse("{'spec':{'items':[{'name':'b'}]}}"), "Cluster");

        Json.Equal("{'spec':{'items':[{'name':'b'}]}}", result);
    }

    [Fact]
    public void An_item_without_its_merge_key_is_refused()
    {
        var error = Assert.Throws<PatchException>(() => Apply("{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}"));

        Assert.Contains("does not contain declared merge key: name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Does_not_change_its_inputs()
    {
        var target = Json.Parse(Deployment);
        var patch = Json.Parse("{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr','$patch':'delete'}]}}}}");

        StrategicMergePatch.Apply(target, patch, "Deployment");

        Json.Equal(Deployment, target);
        Json.Equal("{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr','$patch':'delete'}]}}}}", patch);
    }
}
