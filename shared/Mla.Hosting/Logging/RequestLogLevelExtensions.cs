using Microsoft.AspNetCore.Builder;
using Serilog.Events;

namespace Mla.Hosting.Logging;

public static class RequestLogLevelExtensions
{
    /// <summary>Logs this endpoint's requests at <paramref name="level"/>, whatever their status (an unhandled exception stays at Error).</summary>
    public static TBuilder WithRequestLogLevel<TBuilder>(this TBuilder builder, LogEventLevel level)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestLogLevel(level));
}
