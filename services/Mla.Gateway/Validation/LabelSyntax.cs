using System.Buffers;

namespace Mla.Gateway.Validation;

/// <summary>Remote write 1.0 name syntax on UTF-8 bytes: metric names <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, label names <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
public static class LabelSyntax
{
    private static readonly SearchValues<byte> LabelStart = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"u8);
    private static readonly SearchValues<byte> LabelRest = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789"u8);
    private static readonly SearchValues<byte> MetricStart = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:"u8);
    private static readonly SearchValues<byte> MetricRest = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:0123456789"u8);

    public static ReadOnlySpan<byte> MetricNameLabel => "__name__"u8;

    public static bool IsLabelName(ReadOnlySpan<byte> name) =>
        name.Length > 0 && LabelStart.Contains(name[0]) && !name[1..].ContainsAnyExcept(LabelRest);

    public static bool IsMetricName(ReadOnlySpan<byte> name) =>
        name.Length > 0 && MetricStart.Contains(name[0]) && !name[1..].ContainsAnyExcept(MetricRest);
}
