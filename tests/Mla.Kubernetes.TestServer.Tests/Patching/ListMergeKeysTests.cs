using Mla.Kubernetes.TestServer.Patching;

namespace Mla.Kubernetes.TestServer.Tests.Patching;

public sealed class ListMergeKeysTests
{
    [Theory]
    [InlineData("Deployment", "spec.template.spec.containers", "name")]
    [InlineData("StatefulSet", "spec.template.spec.initContainers", "name")]
    [InlineData("Pod", "spec.ephemeralContainers", "name")]
    [InlineData("DaemonSet", "spec.template.spec.volumes", "name")]
    [InlineData("Job", "spec.template.spec.containers.env", "name")]
    [InlineData("ReplicaSet", "spec.template.spec.containers.ports", "containerPort")]
    [InlineData("Pod", "spec.containers.volumeMounts", "mountPath")]
    [InlineData("Deployment", "spec.template.spec.imagePullSecrets", "name")]
    [InlineData("CronJob", "spec.jobTemplate.spec.template.spec.containers", "name")]
    [InlineData("Service", "spec.ports", "port")]
    [InlineData("ConfigMap", "metadata.ownerReferences", "uid")]
    [InlineData("Cluster", "metadata.ownerReferences", "uid")]
    [InlineData("Deployment", "status.conditions", "type")]
    [InlineData("MutatingWebhookConfiguration", "webhooks", "name")]
    public void Knows_the_merge_keys_of_built_in_lists(string kind, string path, string key) =>
        Assert.Equal(key, ListMergeKeys.For(kind, path.Split('.')));

    [Theory]
    [InlineData("Deployment", "spec.template.spec.tolerations")]
    [InlineData("Role", "rules")]
    [InlineData("ClusterRoleBinding", "subjects")]
    [InlineData("StatefulSet", "spec.volumeClaimTemplates")]
    [InlineData("Deployment", "spec.template.spec.containers.args")]
    [InlineData("Cluster", "spec.components")]
    [InlineData("Cluster", "status.conditions")]
    [InlineData("ConfigMap", "metadata.finalizers")]
    [InlineData("Pod", "containers")]
    public void Other_lists_have_no_merge_key(string kind, string path) =>
        Assert.Null(ListMergeKeys.For(kind, path.Split('.')));

    [Fact]
    public void Ports_merge_by_port_and_protocol_for_apply()
    {
        Assert.Equal(["containerPort", "protocol"], ListMergeKeys.Describe("Deployment", "spec.template.spec.containers.ports".Split('.')).ApplyKeys);
        Assert.Equal(["port", "protocol"], ListMergeKeys.Describe("Service", ["spec", "ports"]).ApplyKeys);
    }

    [Fact]
    public void Finalizers_are_a_set_and_rbac_rules_are_atomic()
    {
        Assert.Equal(ListType.Set, ListMergeKeys.Describe("Cluster", ["metadata", "finalizers"]).Type);
        Assert.Equal(ListType.Atomic, ListMergeKeys.Describe("ClusterRole", ["rules"]).Type);
    }

    [Fact]
    public void Job_conditions_merge_by_type_in_a_strategic_patch_but_are_atomic_for_apply()
    {
        var schema = ListMergeKeys.Describe("Job", ["status", "conditions"]);

        Assert.Equal("type", schema.PatchMergeKey);
        Assert.Equal(ListType.Atomic, schema.Type);
        Json.Equal(
            "{'status':{'conditions':[{'type':'Complete','status':'True'},{'type':'Failed','status':'False'}]}}",
            StrategicMergePatch.Apply(Json.Parse("{'status':{'conditions':[{'type':'Complete','status':'False'},{'type':'Failed','status':'False'}]}}"), Json.Parse("{'status':{'conditions':[{'type':'Complete','status':'True'}]}}"), "Job"));
    }

    [Fact]
    public void A_workload_selector_is_an_atomic_map()
    {
        Assert.True(ListMergeKeys.IsAtomicMap("Deployment", ["spec", "selector"]));
        Assert.False(ListMergeKeys.IsAtomicMap("Deployment", ["spec", "template"]));
        Assert.False(ListMergeKeys.IsAtomicMap("Cluster", ["spec", "selector"]));
    }
}
