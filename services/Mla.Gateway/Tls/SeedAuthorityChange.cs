namespace Mla.Gateway.Tls;

/// <summary>What a new CA list of a seed changed: CAs added, CAs dropped, and how many the seed has now.</summary>
public sealed record SeedAuthorityChange(int Added, int Removed, int Trusted)
{
    public static SeedAuthorityChange None { get; } = new(0, 0, 0);

    public bool Changed => Added > 0 || Removed > 0;
}
