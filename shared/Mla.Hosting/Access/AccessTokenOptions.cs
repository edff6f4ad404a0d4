namespace Mla.Hosting.Access;

/// <summary>One configured bearer token: its SHA-256 (hex) and the role it grants. The token itself is never configured.</summary>
public sealed class AccessTokenOptions
{
    public string? Sha256 { get; set; }

    public string? Role { get; set; }
}
