namespace Mla.Host.Targets;

/// <summary>One service Mla.Host can run: how to add it to the builder and how to map its endpoints.</summary>
internal sealed record ServiceTarget(string Name, Action<WebApplicationBuilder> Add, Action<WebApplication> Map);
