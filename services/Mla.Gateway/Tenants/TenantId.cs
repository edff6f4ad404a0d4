using System.Buffers;

namespace Mla.Gateway.Tenants;

/// <summary>
/// Tenant ids (user cluster ids): 1 to 150 of <c>[a-zA-Z0-9!-_.*'()]</c>, not <c>.</c> or <c>..</c> — safe as a
/// Kafka key, a header value, a path segment and a storage tenant (the rules Mimir and Cortex apply).
/// </summary>
public static class TenantId
{
    public const int MaxLength = 150;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!-_.*'()");

    public static bool IsValid(ReadOnlySpan<char> id) =>
        id.Length is > 0 and <= MaxLength
        && !id.ContainsAnyExcept(Allowed)
        && !id.SequenceEqual(".")
        && !id.SequenceEqual("..");
}
