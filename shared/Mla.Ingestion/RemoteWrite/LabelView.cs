namespace Mla.Ingestion.RemoteWrite;

/// <summary>One <c>Label{string name = 1; string value = 2}</c> as UTF-8 bytes inside the request (not validated).</summary>
public readonly ref struct LabelView(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
{
    public ReadOnlySpan<byte> Name { get; } = name;

    public ReadOnlySpan<byte> Value { get; } = value;
}
