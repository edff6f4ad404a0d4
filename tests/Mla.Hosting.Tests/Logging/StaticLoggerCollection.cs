namespace Mla.Hosting.Tests.Logging;

/// <summary>
/// Tests that read what a built app logs. Serilog's request logging writes through the static <c>Log.Logger</c>,
/// which every app built in this process replaces (AddSerilog), so these tests run alone, not beside other tests
/// that build apps.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StaticLoggerCollection
{
    public const string Name = "Serilog static logger";
}
