namespace Mla.Writer.Sinks;

/// <summary>The configuration spelling of <see cref="TenantPlacement"/>: <c>header</c>, <c>extra-label</c>, <c>url-template</c>.</summary>
public static class TenantPlacements
{
    private static readonly (string Name, TenantPlacement Placement)[] Names =
    [
        ("header", TenantPlacement.Header),
        ("extra-label", TenantPlacement.ExtraLabel),
        ("url-template", TenantPlacement.UrlTemplate),
    ];

    public static bool TryParse(string? value, out TenantPlacement placement)
    {
        foreach (var (name, candidate) in Names)
        {
            if (string.Equals(value?.Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                placement = candidate;
                return true;
            }
        }

        placement = default;
        return false;
    }

    public static TenantPlacement Parse(string? value) =>
        TryParse(value, out var placement) ? placement : throw new ArgumentException($"'{value}' is not one of header, extra-label, url-template", nameof(value));
}
