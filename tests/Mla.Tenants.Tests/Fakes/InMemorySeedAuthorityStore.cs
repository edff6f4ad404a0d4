using Mla.Tenants.Authorities;

namespace Mla.Tenants.Tests.Fakes;

/// <summary>The seed CA store's contract in memory: newest generation first, insert-if-absent, one running rotation per seed, optimistic saves.</summary>
internal sealed class InMemorySeedAuthorityStore : ISeedAuthorityStore
{
    private readonly Lock _gate = new();
    private readonly List<AuthorityRecord> _authorities = [];
    private readonly List<CaRotationRecord> _rotations = [];

    public Task<IReadOnlyList<AuthorityRecord>> ListAsync(string? seed, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<AuthorityRecord> result = _authorities.Where(a => seed is null || a.Seed == seed)
                .OrderBy(a => a.Seed, StringComparer.Ordinal).ThenByDescending(a => a.Generation).ToList();
            return Task.FromResult(result);
        }
    }

    public Task<bool> AddAsync(AuthorityRecord authority, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_authorities.Any(a => a.Seed == authority.Seed && a.Generation == authority.Generation))
            {
                return Task.FromResult(false);
            }

            _authorities.Add(authority);
            return Task.FromResult(true);
        }
    }

    public Task<bool> SetStateAsync(string seed, int generation, AuthorityState state, DateTimeOffset? retiredAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var index = _authorities.FindIndex(a => a.Seed == seed && a.Generation == generation);
            if (index < 0 || _authorities[index].State == state)
            {
                return Task.FromResult(false);
            }

            _authorities[index] = _authorities[index] with { State = state, RetiredAt = retiredAt };
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryAddRotationAsync(CaRotationRecord rotation, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_rotations.Any(r => r.Seed == rotation.Seed && r.FinishedAt is null))
            {
                return Task.FromResult(false);
            }

            _rotations.Add(rotation);
            return Task.FromResult(true);
        }
    }

    public Task<CaRotationRecord?> GetRotationAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_rotations.FirstOrDefault(r => r.Id == id));
        }
    }

    public Task<IReadOnlyList<CaRotationRecord>> ListRotationsAsync(string? seed, bool runningOnly, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<CaRotationRecord> result = _rotations
                .Where(r => (seed is null || r.Seed == seed) && (!runningOnly || r.FinishedAt is null))
                .OrderByDescending(r => r.StartedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
            return Task.FromResult(result);
        }
    }

    public Task<bool> SaveRotationAsync(CaRotationRecord rotation, DateTimeOffset expectedUpdatedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var index = _rotations.FindIndex(r => r.Id == rotation.Id);
            if (index < 0 || _rotations[index].FinishedAt is not null
                || _rotations[index].UpdatedAt.ToUnixTimeMilliseconds() != expectedUpdatedAt.ToUnixTimeMilliseconds())
            {
                return Task.FromResult(false);
            }

            _rotations[index] = rotation;
            return Task.FromResult(true);
        }
    }
}
