using System.Security.Cryptography;
using Mla.Hosting.Access;

namespace Mla.Host.Embedded;

/// <summary>
/// The embedded default's credentials: an <c>operator</c> token for the person at the keyboard, kept in
/// <c>&lt;state&gt;/admin-token</c> (mode 600, the same across restarts), and an <c>internal</c> token generated per run
/// for the gateway, the writer and the demo agents to read the in-process tenant service. Only their SHA-256 reach
/// <c>Mla:Access</c>.
/// </summary>
internal sealed class EmbeddedAccess
{
    public const string AdminCaller = "embedded-admin";
    public const string InternalCaller = "embedded-internal";

    private EmbeddedAccess(string adminTokenPath, string adminToken, string internalToken)
    {
        AdminTokenPath = adminTokenPath;
        AdminToken = adminToken;
        InternalToken = internalToken;
    }

    public string AdminTokenPath { get; }

    public string AdminToken { get; }

    public string InternalToken { get; }

    public static EmbeddedAccess Ensure(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, "admin-token");
        var admin = File.Exists(path) ? File.ReadAllText(path).Trim() : string.Empty;
        if (admin.Length < 32)
        {
            admin = "mla_admin_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            File.WriteAllText(path, admin + "\n");
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new EmbeddedAccess(path, admin, "mla_internal_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
    }

    /// <summary>The <c>Mla:Access</c> settings that accept both tokens, by hash only.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings()
    {
        yield return new($"{AccessOptions.SectionName}:Tokens:{AdminCaller}:Sha256", HashedAccessTokens.Sha256Hex(AdminToken));
        yield return new($"{AccessOptions.SectionName}:Tokens:{AdminCaller}:Role", MlaRoles.Operator);
        yield return new($"{AccessOptions.SectionName}:Tokens:{InternalCaller}:Sha256", HashedAccessTokens.Sha256Hex(InternalToken));
        yield return new($"{AccessOptions.SectionName}:Tokens:{InternalCaller}:Role", MlaRoles.Internal);
    }
}
