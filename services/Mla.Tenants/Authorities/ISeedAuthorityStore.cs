namespace Mla.Tenants.Authorities;

/// <summary>The seeds' CAs (every generation) and their rotations.</summary>
public interface ISeedAuthorityStore
{
    /// <summary>The CAs of one seed (or of every seed when null), per seed newest generation first.</summary>
    Task<IReadOnlyList<AuthorityRecord>> ListAsync(string? seed, CancellationToken cancellationToken);

    /// <summary>Stores a CA unless the seed has that generation already (another replica won); false then.</summary>
    Task<bool> AddAsync(AuthorityRecord authority, CancellationToken cancellationToken);

    /// <summary>Sets a CA's state (and when it was retired); false when it was in that state already.</summary>
    Task<bool> SetStateAsync(string seed, int generation, AuthorityState state, DateTimeOffset? retiredAt, CancellationToken cancellationToken);

    /// <summary>Stores a new rotation unless the seed has a running one (across replicas); false then.</summary>
    Task<bool> TryAddRotationAsync(CaRotationRecord rotation, CancellationToken cancellationToken);

    Task<CaRotationRecord?> GetRotationAsync(string id, CancellationToken cancellationToken);

    /// <summary>Rotations of one seed (or of every seed when null), newest first; only running ones when asked.</summary>
    Task<IReadOnlyList<CaRotationRecord>> ListRotationsAsync(string? seed, bool runningOnly, CancellationToken cancellationToken);

    /// <summary>
    /// Updates a running rotation's state and progress if it is still as of <paramref name="expectedUpdatedAt"/>
    /// (another replica may have moved it on meanwhile); false then, and nothing is written.
    /// </summary>
    Task<bool> SaveRotationAsync(CaRotationRecord rotation, DateTimeOffset expectedUpdatedAt, CancellationToken cancellationToken);
}
