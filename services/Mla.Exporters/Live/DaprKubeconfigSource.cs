using System.Globalization;
using Dapr;
using Dapr.Client;
using Grpc.Core;
using Mla.Exporters.Export;

namespace Mla.Exporters.Live;

/// <summary>
/// Kubeconfigs from a Dapr secret store (<c>GetSecret</c> through the sidecar): secret <see cref="DaprSecretOptions.SecretName"/>,
/// key <see cref="DaprSecretOptions.SecretKey"/>. A missing store, secret or key makes the cluster Unreachable with a
/// reason that names the store, the secret and the key — never the secret's content, nor the sidecar's own message
/// (which may quote the store's answer).
/// </summary>
public sealed class DaprKubeconfigSource(DaprClient dapr, DaprSecretOptions options) : IKubeconfigSource, IDisposable
{
    public static DaprKubeconfigSource Create(DaprSecretOptions options)
    {
        var builder = new DaprClientBuilder();
        if (options.GrpcEndpoint is not null)
        {
            builder.UseGrpcEndpoint(options.GrpcEndpoint.ToString());
        }

        if (!string.IsNullOrEmpty(options.ApiToken))
        {
            builder.UseDaprApiToken(options.ApiToken);
        }

        return new DaprKubeconfigSource(builder.Build(), options);
    }

    /// <summary>The secret's name for the cluster.</summary>
    public string SecretNameFor(string seed, string clusterId) =>
        string.Format(CultureInfo.InvariantCulture, options.SecretName, clusterId, seed);

    public async Task<string?> GetAsync(string seed, string clusterId, CancellationToken cancellationToken)
    {
        var store = options.SecretStore!;
        var name = SecretNameFor(seed, clusterId);
        Dictionary<string, string> secret;
        try
        {
            secret = await dapr.GetSecretAsync(store, name, options.Metadata, cancellationToken);
        }
        catch (DaprException e) when (e.InnerException is RpcException rpc)
        {
            throw new ClusterUnreachableException(rpc.StatusCode switch
            {
                StatusCode.Internal => $"Dapr secret store '{store}' has no secret '{name}' (or could not read it: {rpc.StatusCode})",
                StatusCode.InvalidArgument or StatusCode.FailedPrecondition => $"Dapr has no secret store '{store}' ({rpc.StatusCode}); secret '{name}'",
                StatusCode.PermissionDenied or StatusCode.Unauthenticated => $"Dapr refused reading secret '{name}' from store '{store}' ({rpc.StatusCode})",
                _ => $"the Dapr sidecar did not answer for secret '{name}' in store '{store}' ({rpc.StatusCode})",
            });
        }

        return secret.TryGetValue(options.SecretKey, out var kubeconfig) && kubeconfig.Length > 0
            ? kubeconfig
            : throw new ClusterUnreachableException($"Dapr secret '{name}' in store '{store}' has no key '{options.SecretKey}'");
    }

    public void Dispose() => dapr.Dispose();
}
