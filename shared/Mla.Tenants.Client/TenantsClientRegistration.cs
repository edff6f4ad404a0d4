using Microsoft.Extensions.DependencyInjection;

namespace Mla.Tenants.Client;

/// <summary>Registers <see cref="TenantsApiClient"/> as a typed HTTP client; the caller says where its options come from.</summary>
public static class TenantsClientRegistration
{
    public static IServiceCollection AddTenantsApiClient(this IServiceCollection services, Func<IServiceProvider, TenantsClientOptions> options)
    {
        services.AddHttpClient<TenantsApiClient>((sp, http) =>
        {
            var settings = options(sp);
            var url = settings.Url ?? "http://127.0.0.1/";
            http.BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
            http.Timeout = settings.Timeout;
        });
        return services;
    }
}
