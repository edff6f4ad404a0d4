using Serilog.Events;

namespace Mla.Hosting.Logging;

/// <summary>
/// Endpoint metadata: the level of the request log line of every request of this endpoint, whatever its status, for
/// endpoints called so often that a line per request is too much (the gateway's push) and that log their refusals
/// and failures themselves (rate-limited). An unhandled exception stays at Error. Set with
/// <see cref="RequestLogLevelExtensions.WithRequestLogLevel{TBuilder}"/>.
/// </summary>
/// <param name="Level">The level of the line.</param>
public sealed record RequestLogLevel(LogEventLevel Level);
