using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;

namespace Mla.Dapr.TestServer;

/// <summary>
/// GetSecret and GetBulkSecret as daprd answers them (CONTRACTS.md §6): no store configured → FailedPrecondition,
/// an unknown store → InvalidArgument, a missing secret → Internal, a wrong API token → Unauthenticated.
/// </summary>
internal sealed class DaprSecretsService(FakeDaprSidecar sidecar) : DaprSecretsBase
{
    public override Task<GetSecretResponse> GetSecret(GetSecretRequest request, ServerCallContext context)
    {
        var secrets = Store(request.StoreName, context, nameof(GetSecret), request.Key, request.Metadata);
        if (!secrets.TryGetValue(request.Key, out var data))
        {
            throw new RpcException(new Status(
                StatusCode.Internal,
                $"failed getting secret with key {request.Key} from secret store {request.StoreName}: secret not found"));
        }

        var response = new GetSecretResponse();
        response.Data.Add(data.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
        return Task.FromResult(response);
    }

    public override Task<GetBulkSecretResponse> GetBulkSecret(GetBulkSecretRequest request, ServerCallContext context)
    {
        var secrets = Store(request.StoreName, context, nameof(GetBulkSecret), "", request.Metadata);
        var response = new GetBulkSecretResponse();
        foreach (var (name, data) in secrets)
        {
            var entry = new SecretResponse();
            entry.Secrets.Add(data.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
            response.Data.Add(name, entry);
        }

        return Task.FromResult(response);
    }

    private IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Store(
        string store, ServerCallContext context, string method, string key, IDictionary<string, string> metadata)
    {
        if (sidecar.ApiToken is { } token && context.RequestHeaders.GetValue("dapr-api-token") != token)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "authentication error: api token mismatch"));
        }

        sidecar.Record(new SecretRead(method, store, key, new Dictionary<string, string>(metadata, StringComparer.Ordinal)));
        var stores = sidecar.Snapshot();
        if (stores.Count == 0)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "secret store is not configured"));
        }

        return stores.TryGetValue(store, out var secrets)
            ? secrets
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"failed finding secret store with key {store}"));
    }
}
