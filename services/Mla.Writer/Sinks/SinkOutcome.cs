namespace Mla.Writer.Sinks;

/// <summary>What a sink's answer means for the records sent.</summary>
public enum SinkOutcome
{
    /// <summary>2xx: written; the offsets may advance.</summary>
    Accepted,

    /// <summary>5xx, 429, 408, a network error or a timeout: send the same records again after a back-off.</summary>
    Retryable,

    /// <summary>Any other 4xx: the receiver will never take these records as they are.</summary>
    Rejected,
}
