using Mla.Writer.Configuration;
using Mla.Writer.Sinks;

namespace Mla.Writer.Consuming;

/// <summary>An enabled sink: its name, settings and HTTP client (shared by its consume loop and by replays).</summary>
public sealed record SinkDefinition(string Name, SinkOptions Options, ISinkClient Client);
