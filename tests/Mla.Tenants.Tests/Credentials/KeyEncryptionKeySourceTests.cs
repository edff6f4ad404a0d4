using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Mla.Tenants.Credentials;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Mla.Tenants.Tests.Credentials;

public sealed class KeyEncryptionKeySourceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mla-tenants-key-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_embedded_default_generates_a_key_file_once_and_reuses_it_after_a_restart()
    {
        var options = new TenantsOptions { GenerateKeyWhenMissing = true, KeyFilePath = Path.Combine(_directory, "state", "tenants.key") };
        var plaintext = Encoding.UTF8.GetBytes("key material");

        var sealedText = KeyEncryptionKeySource.Create(MsOptions.Create(options), NullLogger.Instance).Seal(plaintext, "row");
        var afterRestart = KeyEncryptionKeySource.Create(MsOptions.Create(options), NullLogger.Instance);

        Assert.Equal(plaintext, afterRestart.Open(sealedText, "row"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.KeyFilePath));
        }
    }

    [Fact]
    public void A_configured_key_wins_over_the_key_file()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new TenantsOptions { KeyEncryptionKey = Convert.ToBase64String(key), KeyFilePath = Path.Combine(_directory, "unused.key") };

        var sealedText = KeyEncryptionKeySource.Create(MsOptions.Create(options), NullLogger.Instance).Seal([1, 2, 3], "row");

        Assert.Equal([1, 2, 3], new KeyEncryption(key).Open(sealedText, "row"));
        Assert.False(File.Exists(options.KeyFilePath));
    }
}
