using Mla.Storage;

namespace Mla.Exporters.Rollouts;

/// <summary>The rollout store's schema (statements run unchanged on SQLite and PostgreSQL; never edit a released step).</summary>
internal static class RolloutMigrations
{
    public const string Store = "agent_rollouts";

    public static IReadOnlyList<SqlMigration> Steps { get; } =
    [
        new(1, "agent rollouts, one JSON document per rollout with a row version", [
            """
            CREATE TABLE agent_rollouts (
                id TEXT NOT NULL PRIMARY KEY,
                component TEXT NOT NULL,
                state TEXT NOT NULL,
                created_at_ms BIGINT NOT NULL,
                updated_at_ms BIGINT NOT NULL,
                version BIGINT NOT NULL,
                document TEXT NOT NULL
            )
            """,
            "CREATE INDEX agent_rollouts_component_state ON agent_rollouts (component, state)",
        ]),
    ];
}
