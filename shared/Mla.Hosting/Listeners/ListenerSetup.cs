using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Mla.Hosting.Listeners;

/// <summary>
/// Kestrel ignores <c>--urls</c> as soon as one endpoint is configured in code. When a service adds a listener,
/// the main addresses from <c>urls</c> are therefore bound explicitly too, so every service keeps its HTTP port.
/// </summary>
public static class ListenerSetup
{
    public static IServiceCollection AddMlaListener(this IServiceCollection services, MlaListener listener) =>
        services.AddSingleton(listener);

    /// <summary>Binds the main addresses and every extra listener; true when there is any extra listener.</summary>
    internal static bool ApplyListeners(this WebApplicationBuilder builder)
    {
        var listeners = builder.Services
            .Where(d => d.ServiceType == typeof(MlaListener) && d.ImplementationInstance is MlaListener)
            .Select(d => (MlaListener)d.ImplementationInstance!)
            .ToList();
        if (listeners.Count == 0)
        {
            return false;
        }

        var urls = builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? "http://localhost:5000";
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                ListenOn(kestrel, url);
            }

            foreach (var listener in listeners)
            {
                listener.Configure(kestrel);
            }
        });
        return true;
    }

    private static void ListenOn(KestrelServerOptions kestrel, string url)
    {
        var uri = new Uri(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new InvalidConfigurationException("urls", $"'{url}': the main address must be http; TLS endpoints are configured by the service that needs them");
        }

        if (uri.Host == "localhost")
        {
            kestrel.ListenLocalhost(uri.Port, InternalListener.Tag);
        }
        else if (uri.Host == "0.0.0.0")
        {
            kestrel.ListenAnyIP(uri.Port, InternalListener.Tag);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(uri.Host), uri.Port, InternalListener.Tag);
        }
    }
}
