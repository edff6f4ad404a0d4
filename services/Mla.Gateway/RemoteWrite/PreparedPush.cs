using Mla.Gateway.Validation;

namespace Mla.Gateway.RemoteWrite;

/// <summary>A decoded and validated request: the records to produce and what was accepted and rejected, or why none.</summary>
public sealed class PreparedPush
{
    private readonly int[] _rejectedByReason = new int[RejectReasons.Count];

    /// <summary>Set when the whole request is refused (nothing is produced).</summary>
    public PushResponse? Failure { get; init; }

    public IReadOnlyList<PushRecord> Records { get; set; } = [];

    public int AcceptedSeries { get; set; }

    public int RejectedSeries { get; set; }

    public int AcceptedSamples { get; set; }

    public int RejectedSamples { get; private set; }

    /// <summary>Why the first rejected series was rejected, and which it was.</summary>
    public string? FirstRejection { get; set; }

    public static PreparedPush Failed(int status, string reason, string message) =>
        new() { Failure = PushResponse.Error(status, reason, message) };

    public void Reject(RejectReason reason, int samples)
    {
        _rejectedByReason[(int)reason] += samples;
        RejectedSamples += samples;
    }

    /// <summary>The rejected samples by reason, for the counters.</summary>
    public IEnumerable<(RejectReason Reason, int Samples)> RejectedByReason() =>
        _rejectedByReason.Select((samples, index) => ((RejectReason)index, samples)).Where(pair => pair.samples > 0);
}
