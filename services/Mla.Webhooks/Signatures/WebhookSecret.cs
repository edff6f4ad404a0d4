using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Mla.Webhooks.Signatures;

/// <summary>The effective HMAC key: the configured secret, or one generated for this run (embedded default only).</summary>
public sealed class WebhookSecret
{
    public WebhookSecret(IOptions<WebhooksOptions> options)
    {
        var configured = options.Value.Secret;
        Generated = string.IsNullOrEmpty(configured);
        Value = Generated ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) : configured!;
        Key = Encoding.UTF8.GetBytes(Value);
    }

    public bool Generated { get; }

    /// <summary>The secret itself; never log it, except the generated one once at start (see <see cref="GeneratedSecretAnnouncer"/>).</summary>
    public string Value { get; }

    public byte[] Key { get; }

    public override string ToString() => "***";
}
