using System.ComponentModel.DataAnnotations;
using Mla.Tenants.Credentials;

namespace Mla.Tenants.Tests.Credentials;

/// <summary>The CA bundle agents verify the gateway with: the seed's file, else the global one, else none (system trust store).</summary>
public sealed class GatewayCaBundleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mla-gateway-ca-").FullName;

    [Fact]
    public async Task A_seed_with_its_own_file_gets_it_the_others_the_global_one_and_without_any_the_bundle_is_empty()
    {
        var global = Write("global.pem", "-----BEGIN CERTIFICATE-----\nGLOBAL\n-----END CERTIFICATE-----");
        var eu = Write("eu.pem", "-----BEGIN CERTIFICATE-----\nEU\n-----END CERTIFICATE-----\n\n");
        var options = new TenantsOptions { GatewayCaPath = global, SeedGatewayCaPaths = { ["eu"] = eu } };

        Assert.Equal("-----BEGIN CERTIFICATE-----\nEU\n-----END CERTIFICATE-----\n", await GatewayCaBundle.ReadAsync(options, "eu", CancellationToken.None));
        Assert.Contains("GLOBAL", await GatewayCaBundle.ReadAsync(options, "us", CancellationToken.None), StringComparison.Ordinal);
        Assert.Equal("", await GatewayCaBundle.ReadAsync(new TenantsOptions(), "us", CancellationToken.None));
    }

    [Fact]
    public void A_configured_file_that_does_not_exist_is_a_configuration_error()
    {
        var options = new TenantsOptions { KeyEncryptionKey = Convert.ToBase64String(new byte[32]), SeedGatewayCaPaths = { ["eu"] = Path.Combine(_directory, "missing.pem") } };

        var errors = options.Validate(new ValidationContext(options)).ToList();

        var error = Assert.Single(errors);
        Assert.Contains("missing.pem", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(nameof(TenantsOptions.SeedGatewayCaPaths), error.MemberNames);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
