using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Mla.Tenants.Credentials;

/// <summary>Checks <c>Authorization: Bearer &lt;Mla:Tenants:InternalToken&gt;</c> in constant time (hashes compared, so length leaks nothing).</summary>
internal sealed class InternalToken(IOptions<TenantsOptions> options)
{
    private readonly byte[]? _expected = string.IsNullOrEmpty(options.Value.InternalToken)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.InternalToken));

    public bool Accepts(HttpRequest request)
    {
        if (_expected is null)
        {
            return false;
        }

        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _expected);
    }
}
