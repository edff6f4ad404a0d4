using Dapr;
using Dapr.Client;
using Grpc.Core;
using Mla.Dapr.TestServer;

namespace Mla.Exporters.Tests.Dapr;

/// <summary>The fake sidecar against the real <c>Dapr.Client</c>: answers and status codes as CONTRACTS.md §6 says daprd gives them.</summary>
public sealed class FakeDaprSidecarTests
{
    [Fact]
    public async Task GetSecret_returns_the_secrets_data_and_the_sidecar_sees_the_store_key_and_metadata()
    {
        await using var sidecar = await FakeDaprSidecar.StartAsync();
        sidecar.SetSecret("vault", "c1", new Dictionary<string, string> { ["kubeconfig"] = "apiVersion: v1", ["other"] = "x" });
        using var client = Client(sidecar);

        var data = await client.GetSecretAsync("vault", "c1", new Dictionary<string, string> { ["namespace"] = "kkp" });

        Assert.Equal("apiVersion: v1", data["kubeconfig"]);
        Assert.Equal(2, data.Count);
        var read = Assert.Single(sidecar.Reads);
        Assert.Equal(("GetSecret", "vault", "c1", "kkp"), (read.Method, read.Store, read.Key, read.Metadata["namespace"]));
    }

    [Fact]
    public async Task GetBulkSecret_returns_every_secret_of_the_store()
    {
        await using var sidecar = await FakeDaprSidecar.StartAsync();
        sidecar.SetSecret("vault", "a", new Dictionary<string, string> { ["k"] = "1" });
        sidecar.SetSecret("vault", "b", new Dictionary<string, string> { ["k"] = "2" });
        sidecar.SetSecret("other", "c", new Dictionary<string, string> { ["k"] = "3" });
        using var client = Client(sidecar);

        var all = await client.GetBulkSecretAsync("vault");

        Assert.Equal(["a", "b"], all.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("2", all["b"]["k"]);
    }

    [Fact]
    public async Task A_missing_secret_is_Internal_an_unknown_store_InvalidArgument_and_no_store_at_all_FailedPrecondition()
    {
        await using var sidecar = await FakeDaprSidecar.StartAsync();
        using var client = Client(sidecar);

        Assert.Equal(StatusCode.FailedPrecondition, (await StatusOfAsync(client, "vault", "c1")).StatusCode);
        sidecar.AddStore("vault");
        var missing = await StatusOfAsync(client, "vault", "c1");
        Assert.Equal(StatusCode.Internal, missing.StatusCode);
        Assert.Equal("failed getting secret with key c1 from secret store vault: secret not found", missing.Status.Detail);
        var unknown = await StatusOfAsync(client, "nope", "c1");
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.Equal("failed finding secret store with key nope", unknown.Status.Detail);
        sidecar.SetSecret("vault", "c1", new Dictionary<string, string> { ["kubeconfig"] = "x" });
        Assert.True(sidecar.RemoveSecret("vault", "c1"));
        Assert.Equal(StatusCode.Internal, (await StatusOfAsync(client, "vault", "c1")).StatusCode);
    }

    [Fact]
    public async Task With_an_API_token_a_call_without_it_is_Unauthenticated_and_one_with_it_answered()
    {
        await using var sidecar = await FakeDaprSidecar.StartAsync(apiToken: "t0ken");
        sidecar.SetSecret("vault", "c1", new Dictionary<string, string> { ["kubeconfig"] = "x" });
        using var without = Client(sidecar);
        using var with = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint.ToString()).UseDaprApiToken("t0ken").Build();

        Assert.Equal(StatusCode.Unauthenticated, (await StatusOfAsync(without, "vault", "c1")).StatusCode);
        Assert.Equal("x", (await with.GetSecretAsync("vault", "c1"))["kubeconfig"]);
    }

    private static DaprClient Client(FakeDaprSidecar sidecar) =>
        new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint.ToString()).Build();

    private static async Task<RpcException> StatusOfAsync(DaprClient client, string store, string key)
    {
        var error = await Assert.ThrowsAsync<DaprException>(() => client.GetSecretAsync(store, key));
        return Assert.IsType<RpcException>(error.InnerException);
    }
}
