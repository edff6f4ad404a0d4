using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Mla.Tenants.Credentials;

/// <summary>
/// The key encryption key: from <c>Mla:Tenants:KeyEncryptionKey</c>, or (embedded default, <c>GenerateKeyWhenMissing</c>)
/// from a key file in the state directory that is created on first start, readable by the owner only.
/// </summary>
internal static class KeyEncryptionKeySource
{
    public static KeyEncryption Create(IOptions<TenantsOptions> options, ILogger logger)
    {
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.KeyEncryptionKey))
        {
            return KeyEncryption.FromBase64(settings.KeyEncryptionKey);
        }

        var path = Path.GetFullPath(settings.KeyFilePath);
        if (File.Exists(path))
        {
            var stored = File.ReadAllText(path);
            if (!KeyEncryption.IsValidKey(stored))
            {
                throw new Hosting.InvalidConfigurationException("Mla:Tenants:KeyFilePath", $"{path} does not hold base64 of 32 bytes");
            }

            return KeyEncryption.FromBase64(stored);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(new FileStream(path, fileOptions)))
        {
            writer.Write(key);
        }

        logger.LogWarning("No Mla:Tenants:KeyEncryptionKey configured: generated one into {KeyFile} (embedded default only)", path);
        return KeyEncryption.FromBase64(key);
    }
}
