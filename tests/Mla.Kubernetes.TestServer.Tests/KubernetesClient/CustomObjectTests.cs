using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Mla.Kubernetes.TestServer.Tests.KubernetesClient;

public sealed class CustomObjectTests
{
    private const string Group = "kubermatic.k8c.io";
    private const string Version = "v1";
    private const string Plural = "clusters";

    private static V1CustomResourceDefinition ClusterDefinition() => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{Plural}.{Group}" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = Group,
            Scope = "Cluster",
            Names = new V1CustomResourceDefinitionNames { Plural = Plural, Singular = "cluster", Kind = "Cluster", ListKind = "ClusterList" },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = Version,
                    Served = true,
                    Storage = true,
                    Subresources = new V1CustomResourceSubresources { Status = new object() },
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true },
                    },
                },
            ],
        },
    };

    private static Dictionary<string, object> Cluster(string name, bool mla) => new()
    {
        ["apiVersion"] = $"{Group}/{Version}",
        ["kind"] = "Cluster",
        ["metadata"] = new Dictionary<string, object> { ["name"] = name, ["labels"] = new Dictionary<string, string> { ["project"] = "p1" } },
        ["spec"] = new Dictionary<string, object> { ["humanReadableName"] = name, ["mla"] = new Dictionary<string, object> { ["monitoringEnabled"] = mla } },
    };

    private static JsonElement Element(object body) => JsonSerializer.SerializeToElement(body);

    private static async Task<ClientSession> StartWithDefinitionAsync()
    {
        var session = await ClientSession.StartAsync();
        await session.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(ClusterDefinition());
        return session;
    }

    [Fact]
    public async Task Objects_of_an_applied_definition_are_served_listed_and_watched()
    {
        await using var session = await StartWithDefinitionAsync();
        var custom = session.Client.CustomObjects;

        await custom.CreateClusterCustomObjectAsync(Cluster("abc", mla: true), Group, Version, Plural);
        var list = Element(await custom.ListClusterCustomObjectAsync(Group, Version, Plural, labelSelector: "project=p1"));
        Assert.Equal("ClusterList", list.GetProperty("kind").GetString());
        Assert.Equal(["abc"], list.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("metadata").GetProperty("name").GetString()));
        var listVersion = list.GetProperty("metadata").GetProperty("resourceVersion").GetString();

        await custom.CreateClusterCustomObjectAsync(Cluster("def", mla: false), Group, Version, Plural);
        await custom.PatchClusterCustomObjectAsync(new V1Patch("""{"spec":{"mla":{"monitoringEnabled":true}}}""", V1Patch.PatchType.MergePatch), Group, Version, Plural, "def");

        // The generated WatchList method is the client's current form of ListClusterCustomObjectWithHttpMessagesAsync(watch: true).
        using var deadline = ClientSession.Deadline();
        var events = new List<(WatchEventType Type, string? Name, bool Monitoring)>();
        await foreach (var (type, item) in custom.WatchListClusterCustomObjectAsync(Group, Version, Plural, resourceVersion: listVersion, onError: e => throw e, cancellationToken: deadline.Token))
        {
            var element = Element(item);
            events.Add((type, element.GetProperty("metadata").GetProperty("name").GetString(), element.GetProperty("spec").GetProperty("mla").GetProperty("monitoringEnabled").GetBoolean()));
            if (events.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([(WatchEventType.Added, "def", false), (WatchEventType.Modified, "def", true)], events);
    }

    [Fact]
    public async Task Status_is_written_only_through_the_status_subresource()
    {
        await using var session = await StartWithDefinitionAsync();
        var custom = session.Client.CustomObjects;
        var created = Element(await custom.CreateClusterCustomObjectAsync(Cluster("abc", mla: true), Group, Version, Plural));
        var resourceVersion = created.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;

        var withStatus = Cluster("abc", mla: false);
        ((Dictionary<string, object>)withStatus["metadata"])["resourceVersion"] = resourceVersion;
        withStatus["status"] = new Dictionary<string, object> { ["phase"] = "Running" };
        var afterStatus = Element(await custom.ReplaceClusterCustomObjectStatusAsync(withStatus, Group, Version, Plural, "abc"));

        Assert.Equal("Running", afterStatus.GetProperty("status").GetProperty("phase").GetString());
        Assert.True(afterStatus.GetProperty("spec").GetProperty("mla").GetProperty("monitoringEnabled").GetBoolean(), "a status write changed spec");

        var mainWrite = Cluster("abc", mla: false);
        ((Dictionary<string, object>)mainWrite["metadata"])["resourceVersion"] = afterStatus.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
        mainWrite["status"] = new Dictionary<string, object> { ["phase"] = "Deleting" };
        var afterMain = Element(await custom.ReplaceClusterCustomObjectAsync(mainWrite, Group, Version, Plural, "abc"));

        Assert.False(afterMain.GetProperty("spec").GetProperty("mla").GetProperty("monitoringEnabled").GetBoolean());
        Assert.Equal("Running", afterMain.GetProperty("status").GetProperty("phase").GetString());
    }

    [Fact]
    public async Task A_custom_object_update_without_resource_version_is_invalid()
    {
        await using var session = await StartWithDefinitionAsync();
        var custom = session.Client.CustomObjects;
        await custom.CreateClusterCustomObjectAsync(Cluster("abc", mla: true), Group, Version, Plural);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => custom.ReplaceClusterCustomObjectAsync(Cluster("abc", mla: false), Group, Version, Plural, "abc"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("must be specified for an update", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_of_a_custom_object_conflicts_like_a_built_in()
    {
        await using var session = await StartWithDefinitionAsync();
        var custom = session.Client.CustomObjects;
        var applied = new V1Patch(JsonSerializer.Serialize(Cluster("abc", mla: true)), V1Patch.PatchType.ApplyPatch);
        await custom.PatchClusterCustomObjectAsync(applied, Group, Version, Plural, "abc", fieldManager: "kkp");

        var other = new V1Patch(JsonSerializer.Serialize(Cluster("abc", mla: false)), V1Patch.PatchType.ApplyPatch);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => custom.PatchClusterCustomObjectAsync(other, Group, Version, Plural, "abc", fieldManager: "mla"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kkp\": .spec.mla.monitoringEnabled", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Message);
    }
}
