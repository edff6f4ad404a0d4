using System.Security.Cryptography.X509Certificates;

namespace Mla.Certificates;

/// <summary>Writes certificates and keys as PEM files; key files are readable by the owner only.</summary>
public static class PemFiles
{
    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    public static string PrivateKeyPem(X509Certificate2 certificate) =>
        (certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException($"{certificate.Subject} has no ECDSA private key"))
            .ExportPkcs8PrivateKeyPem();

    /// <summary>Writes <c>&lt;name&gt;.crt</c> and <c>&lt;name&gt;.key</c> into the directory; returns both paths.</summary>
    public static (string CertificatePath, string KeyPath) Write(X509Certificate2 certificate, string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificatePath, CertificatePem(certificate));
        WriteSecret(keyPath, PrivateKeyPem(certificate));
        return (certificatePath, keyPath);
    }

    /// <summary>Writes a file only its owner can read (0600 on Unix), e.g. a private key.</summary>
    public static void WriteSecret(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
