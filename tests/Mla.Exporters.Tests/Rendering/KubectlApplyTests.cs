using Mla.Exporters.Desired;
using Mla.Exporters.Rendering;
using Mla.Exporters.Tests.Support;
using Mla.Kubernetes.TestServer;

namespace Mla.Exporters.Tests.Rendering;

/// <summary>Every rendered folder is accepted by the real kubectl (server-side apply through its kustomization) against the API test server.</summary>
public sealed class KubectlApplyTests
{
    [Theory]
    [MemberData(nameof(SpecCases.All), MemberType = typeof(SpecCases))]
    public async Task Real_kubectl_applies_every_rendered_object(string name)
    {
        await using var server = await KubeApiServer.StartAsync();
        using var kubectl = new Kubectl(server);
        using var temp = new TempDirectory();
        var spec = SpecCases.Get(name);
        var objects = AgentObjects.Build(spec);
        var rendered = new ManifestRenderer(temp.Path).Render(spec.Seed, spec.ClusterId, objects);

        var apply = await kubectl.RunAsync("apply", "--server-side", "--field-manager=" + ManagedLabels.FieldManager, "-k", rendered.Directory);

        Assert.True(apply.Succeeded, apply.ToString());
        foreach (var obj in objects)
        {
            var metadata = obj["metadata"]!;
            var stored = server.Get(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>(), metadata["namespace"]?.GetValue<string>(), metadata["name"]!.GetValue<string>());
            Assert.True(stored is not null, $"{obj["kind"]} {metadata["name"]} was not created");
            Assert.Equal(ManagedLabels.ManagedByValue, stored!["metadata"]!["labels"]![ManagedLabels.ManagedByKey]!.GetValue<string>());
        }

        var listed = await kubectl.RunAsync("get", "statefulsets,daemonsets,deployments,configmaps,secrets,serviceaccounts", "-n", ManagedLabels.Namespace, "-l", ManagedLabels.ManagedBySelector, "-o", "name");
        Assert.True(listed.Succeeded, listed.ToString());
        Assert.Contains("statefulset.apps/" + AgentComponents.MetricsAgent, listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("daemonset.apps/" + AgentComponents.LogAgent, listed.Stdout, StringComparison.Ordinal);

        // Applying the same folder again changes nothing on the server.
        server.Requests.Reset();
        var again = await kubectl.RunAsync("apply", "--server-side", "--field-manager=" + ManagedLabels.FieldManager, "-k", rendered.Directory);
        Assert.True(again.Succeeded, again.ToString());
        Assert.All(objects, obj => Assert.Contains("serverside-applied", again.Stdout, StringComparison.Ordinal));
    }
}
