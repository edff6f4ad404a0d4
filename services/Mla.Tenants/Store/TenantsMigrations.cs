using Mla.Storage;

namespace Mla.Tenants.Store;

/// <summary>The tenant store's schema, one numbered step at a time, valid for SQLite and PostgreSQL. Never edit a released step.</summary>
internal static class TenantsMigrations
{
    public static IReadOnlyList<SqlMigration> Steps { get; } =
    [
        new(1, "tenants, limit overrides, seed authorities and tenant certificates", [
            """
            CREATE TABLE tenants (
                id TEXT NOT NULL PRIMARY KEY,
                cluster_id TEXT NOT NULL,
                seed TEXT NOT NULL,
                project_id TEXT NOT NULL,
                status TEXT NOT NULL,
                limits_json TEXT NOT NULL,
                status_changed_at_ms BIGINT NOT NULL,
                observed_at_ms BIGINT NOT NULL)
            """,
            "CREATE INDEX ix_tenants_seed ON tenants (seed)",
            "CREATE INDEX ix_tenants_project ON tenants (project_id)",
            """
            CREATE TABLE limit_overrides (
                cluster_id TEXT NOT NULL PRIMARY KEY,
                monitoring_json TEXT NOT NULL,
                logging_json TEXT NOT NULL,
                occurred_at_ms BIGINT NOT NULL)
            """,
            """
            CREATE TABLE seed_authorities (
                seed TEXT NOT NULL PRIMARY KEY,
                certificate_pem TEXT NOT NULL,
                encrypted_key TEXT NOT NULL,
                created_at_ms BIGINT NOT NULL)
            """,
            """
            CREATE TABLE tenant_certificates (
                serial TEXT NOT NULL PRIMARY KEY,
                tenant_id TEXT NOT NULL,
                seed TEXT NOT NULL,
                certificate_pem TEXT NOT NULL,
                encrypted_key TEXT NOT NULL,
                issued_at_ms BIGINT NOT NULL,
                not_after_ms BIGINT NOT NULL,
                revoked_at_ms BIGINT NULL)
            """,
            "CREATE INDEX ix_tenant_certificates_tenant ON tenant_certificates (tenant_id)",
        ]),
        new(2, "tenant bearer tokens (SHA-256 for lookups, the token itself encrypted)", [
            """
            CREATE TABLE tenant_tokens (
                tenant_id TEXT NOT NULL PRIMARY KEY,
                token_sha256 TEXT NOT NULL,
                encrypted_token TEXT NOT NULL,
                issued_at_ms BIGINT NOT NULL)
            """,
        ]),
        new(3, "when a tenant was last deprovisioned (writers drop its older records after it is provisioned again)", [
            "ALTER TABLE tenants ADD COLUMN last_deprovisioned_at_ms BIGINT NULL",
        ]),
        new(4, "seed CA rotation: every generation of a seed's CA with its state, the issuing generation per certificate, rotations", [
            """
            CREATE TABLE seed_cas (
                seed TEXT NOT NULL,
                generation INTEGER NOT NULL,
                certificate_pem TEXT NOT NULL,
                encrypted_key TEXT NOT NULL,
                state TEXT NOT NULL,
                created_at_ms BIGINT NOT NULL,
                retired_at_ms BIGINT NULL,
                PRIMARY KEY (seed, generation))
            """,
            """
            INSERT INTO seed_cas (seed, generation, certificate_pem, encrypted_key, state, created_at_ms, retired_at_ms)
            SELECT seed, 1, certificate_pem, encrypted_key, 'Active', created_at_ms, NULL FROM seed_authorities
            """,
            "DROP TABLE seed_authorities",
            "ALTER TABLE tenant_certificates ADD COLUMN ca_generation INTEGER NOT NULL DEFAULT 1",
            """
            CREATE TABLE seed_ca_rotations (
                id TEXT NOT NULL PRIMARY KEY,
                seed TEXT NOT NULL,
                from_generation INTEGER NOT NULL,
                to_generation INTEGER NOT NULL,
                state TEXT NOT NULL,
                tenants_total INTEGER NOT NULL,
                tenants_reissued INTEGER NOT NULL,
                started_at_ms BIGINT NOT NULL,
                updated_at_ms BIGINT NOT NULL,
                drain_after_ms BIGINT NULL,
                finished_at_ms BIGINT NULL)
            """,
            // At most one running rotation per seed, across replicas.
            "CREATE UNIQUE INDEX ux_seed_ca_rotations_running ON seed_ca_rotations (seed) WHERE finished_at_ms IS NULL",
        ]),
        new(5, "tenant read tokens (Grafana reads with them; distinct from the write tokens) and each seed's admin read token", [
            """
            CREATE TABLE tenant_read_tokens (
                tenant_id TEXT NOT NULL PRIMARY KEY,
                token_sha256 TEXT NOT NULL,
                encrypted_token TEXT NOT NULL,
                issued_at_ms BIGINT NOT NULL)
            """,
            """
            CREATE TABLE seed_read_tokens (
                seed TEXT NOT NULL PRIMARY KEY,
                token_sha256 TEXT NOT NULL,
                encrypted_token TEXT NOT NULL,
                issued_at_ms BIGINT NOT NULL)
            """,
        ]),
    ];
}
