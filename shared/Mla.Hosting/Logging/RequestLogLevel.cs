using Serilog.Events;

namespace Mla.Hosting.Logging;

/// <summary>
/// Endpoint metadata: the level of the request log line for a successful or refused (below 500) request of this
/// endpoint, for endpoints called so often that a line per request at Information is too much (the gateway's push).
/// Server errors stay at Error. Set with <see cref="RequestLogLevelExtensions.WithRequestLogLevel{TBuilder}"/>.
/// </summary>
/// <param name="Level">The level of the line.</param>
public sealed record RequestLogLevel(LogEventLevel Level);
