using Mla.Writer.Batching;

namespace Mla.Writer.TenantRetry;

/// <summary>The records the retry topic acknowledged, and why the others were not (null when all were).</summary>
public sealed record RetryTopicMove(IReadOnlyList<HeldRecord> Moved, string? Error);
