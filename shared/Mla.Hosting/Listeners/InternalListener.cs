using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mla.Hosting.Listeners;

/// <summary>
/// The internal listener is the main plain-HTTP address (<c>--urls</c>); extra listeners (the gateway's agent-facing
/// TLS port) face the outside. Endpoints marked <see cref="InternalOnly{TBuilder}"/> (<c>/metrics</c>) answer 404 on
/// any other listener. Connections are tagged when they are accepted, so a Host header cannot fake the listener.
/// </summary>
public static class InternalListener
{
    private const string ConnectionItem = "mla:internal-listener";

    /// <summary>Endpoint metadata: served on the internal listener only.</summary>
    public sealed class OnlyMetadata;

    public static TBuilder InternalOnly<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new OnlyMetadata());

    internal static void Tag(ListenOptions listen) => listen.Use(next => connection =>
    {
        connection.Items[ConnectionItem] = true;
        return next(connection);
    });

    /// <summary>404 for an internal-only endpoint reached through an extra listener (when the service has any).</summary>
    internal static IApplicationBuilder UseInternalOnlyEndpoints(this IApplicationBuilder app, bool hasExtraListeners)
    {
        if (!hasExtraListeners)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<OnlyMetadata>() is not null && !IsInternal(context))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
    }

    private static bool IsInternal(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ConnectionItem) == true;
}
