namespace Mla.Gateway.Validation;

/// <summary>
/// The result of checking one series, without allocating: its samples, and when rejected the reason, the index of
/// the offending label and the offending timestamp (for the message, built only for the first rejected series).
/// </summary>
public readonly record struct SeriesCheck(RejectReason Reason, int Samples, int LabelIndex, long Timestamp)
{
    public bool IsAccepted => Reason == RejectReason.None;
}
