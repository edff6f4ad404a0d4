namespace Mla.Contracts;

/// <summary>
/// An integration event on the control-plane bus. Every event carries the full desired state of the object it is
/// about (event-carried state transfer), so a consumer can act without a second call and treat any event like a resync.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>Unique id of this event (the CloudEvent id for events that came from KKP).</summary>
    string EventId { get; }

    /// <summary>Who produced the state: the CloudEvent source, or <c>urn:mla:resync:&lt;snapshot&gt;</c>.</summary>
    string Source { get; }

    /// <summary>When the state was produced; consumers order updates of one object by it.</summary>
    DateTimeOffset OccurredAt { get; }
}
