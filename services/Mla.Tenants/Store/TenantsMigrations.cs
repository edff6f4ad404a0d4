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
    ];
}
