using System.Text;
using System.Text.Json.Nodes;

namespace Mla.Exporters.Live;

/// <summary>KKP's way: the Secret <c>admin-kubeconfig</c> (key <c>kubeconfig</c>) in namespace <c>cluster-&lt;id&gt;</c> of the seed.</summary>
public sealed class SeedSecretKubeconfigSource(KubeApi seedApi, LiveOptions options) : IKubeconfigSource
{
    public async Task<string?> GetAsync(string seed, string clusterId, CancellationToken cancellationToken)
    {
        var ns = string.Format(System.Globalization.CultureInfo.InvariantCulture, options.SecretNamespace, clusterId);
        var secret = await seedApi.GetAsync(KubeKinds.Secret, ns, options.SecretName, cancellationToken);
        if (secret?["data"]?[options.SecretKey] is not JsonValue value)
        {
            return null;
        }

        return Encoding.UTF8.GetString(Convert.FromBase64String(value.GetValue<string>()));
    }
}
