using Microsoft.Extensions.DependencyInjection;

namespace Mla.Tenants.Client;

/// <summary>
/// Registers a <see cref="TenantsApiClient"/> keyed by its owner (e.g. <c>Mla:Gateway</c>), so that services composed
/// into one host each keep their own settings. Resolve a new one per read: each comes from the HTTP client factory,
/// which rotates handlers (DNS changes of the tenant service).
/// </summary>
public static class TenantsClientRegistration
{
    public static IServiceCollection AddTenantsApiClient(this IServiceCollection services, string owner, Func<IServiceProvider, TenantsClientOptions> options)
    {
        var name = "mla-tenants-api:" + owner;
        services.AddHttpClient(name).ConfigureHttpClient((sp, http) =>
        {
            var settings = options(sp);
            var url = settings.Url ?? "http://127.0.0.1/";
            http.BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
            http.Timeout = settings.Timeout;
            if (!string.IsNullOrEmpty(settings.Token))
            {
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", settings.Token);
            }
        });
        services.AddKeyedTransient(owner, (sp, _) => new TenantsApiClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(name)));
        return services;
    }
}
