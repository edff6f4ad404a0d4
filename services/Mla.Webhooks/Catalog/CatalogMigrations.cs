using Mla.Storage;

namespace Mla.Webhooks.Catalog;

/// <summary>
/// The catalog schema, one numbered step at a time; every statement is valid for both SQLite and PostgreSQL.
/// Never edit a released step: add the next one.
/// </summary>
internal static class CatalogMigrations
{
    public static IReadOnlyList<SqlMigration> Steps { get; } =
    [
        new(1, "fleet catalog and processed event ids", [
            """
            CREATE TABLE catalog_objects (
                kind TEXT NOT NULL,
                object_key TEXT NOT NULL,
                kkp_type TEXT NOT NULL,
                event_id TEXT NOT NULL,
                source TEXT NOT NULL,
                event_time_ms BIGINT NOT NULL,
                deleted INTEGER NOT NULL,
                seed TEXT NULL,
                project_id TEXT NULL,
                cluster_id TEXT NULL,
                state_json TEXT NOT NULL,
                updated_at_ms BIGINT NOT NULL,
                PRIMARY KEY (kind, object_key))
            """,
            "CREATE INDEX ix_catalog_objects_seed ON catalog_objects (kind, seed)",
            "CREATE INDEX ix_catalog_objects_project ON catalog_objects (kind, project_id)",
            """
            CREATE TABLE processed_events (
                event_id TEXT NOT NULL PRIMARY KEY,
                received_at_ms BIGINT NOT NULL)
            """,
            "CREATE INDEX ix_processed_events_received ON processed_events (received_at_ms)",
        ]),
        new(2, "event ids claimed before the publish (decided by the primary key across replicas); resync runs and their progress", [
            "ALTER TABLE processed_events ADD COLUMN state TEXT NOT NULL DEFAULT 'done'",
            "ALTER TABLE processed_events ADD COLUMN claim_token TEXT NULL",
            "ALTER TABLE processed_events ADD COLUMN lease_until_ms BIGINT NULL",
            """
            CREATE TABLE resync_runs (
                id TEXT NOT NULL PRIMARY KEY,
                trigger_name TEXT NOT NULL,
                state TEXT NOT NULL,
                runner TEXT NOT NULL,
                total INTEGER NOT NULL,
                published INTEGER NOT NULL,
                started_at_ms BIGINT NOT NULL,
                heartbeat_at_ms BIGINT NOT NULL,
                finished_at_ms BIGINT NULL,
                error TEXT NULL)
            """,
            "CREATE INDEX ix_resync_runs_state ON resync_runs (state)",
            "CREATE INDEX ix_resync_runs_started ON resync_runs (started_at_ms)",
        ]),
        new(3, "cleanup reports per cluster and service: the barrier before the KKP watch drops its cluster finalizer", [
            """
            CREATE TABLE cluster_cleanups (
                cluster_id TEXT NOT NULL,
                service TEXT NOT NULL,
                armed_at_ms BIGINT NULL,
                cleaned_at_ms BIGINT NULL,
                PRIMARY KEY (cluster_id, service))
            """,
        ]),
    ];
}
