namespace Mla.Webhooks.Signatures;

public enum SignatureCheck
{
    Valid,
    Missing,
    Malformed,
    Mismatch,
}
