namespace Mla.Tenants.Reconciliation;

public enum ReconcileOutcome
{
    /// <summary>The stored state already matched: nothing written.</summary>
    Unchanged,

    /// <summary>The stored state was converged: something written.</summary>
    Changed,

    /// <summary>The event is older than the state held: ignored.</summary>
    Stale,
}
