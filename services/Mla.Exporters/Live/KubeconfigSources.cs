using Microsoft.Extensions.Options;

namespace Mla.Exporters.Live;

internal static class KubeconfigSources
{
    public static IKubeconfigSource Create(IServiceProvider services)
    {
        var live = services.GetRequiredService<IOptions<ExportersOptions>>().Value.Live;
        return live.KubeconfigSource switch
        {
            KubeconfigSourceKind.Directory => new DirectoryKubeconfigSource(live.KubeconfigDirectory!),
            KubeconfigSourceKind.Dapr => DaprKubeconfigSource.Create(live.Dapr),
            _ => new SeedSecretKubeconfigSource(KubeApi.ForSeed(live.SeedKubeconfig, live.RequestTimeout), live),
        };
    }
}
