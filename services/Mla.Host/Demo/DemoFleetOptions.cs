namespace Mla.Host.Demo;

/// <summary>Section <c>Mla:Demo</c>: the embedded default feeds itself a small fleet so a newcomer sees the flow.</summary>
internal sealed class DemoFleetOptions
{
    public const string SectionName = "Mla:Demo";

    public bool Enabled { get; set; }
}
