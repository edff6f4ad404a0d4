namespace Mla.Hosting;

/// <summary>A setting is wrong; <see cref="Key"/> names it (e.g. <c>targets</c> or <c>Mla:Catalog:ConnectionString</c>).</summary>
public sealed class InvalidConfigurationException(string key, string reason) : Exception($"{key}: {reason}")
{
    public string Key { get; } = key;
}
