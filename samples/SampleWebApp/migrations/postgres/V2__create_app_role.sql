-- The application's own role: DML only, no DDL. Migrations run as the schema owner; the app's
-- login user is a member of this role (GRANT sample_app TO <login user>), so a bug or an injection in
-- the app cannot drop or alter tables.
-- Roles are cluster-wide and shared by every database on the server: create it only when missing,
-- and tolerate another database's migration creating it at the same moment.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sample_app') THEN
        CREATE ROLE sample_app NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO sample_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO sample_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO sample_app;
-- The readiness check and the status page read the history as the app.
GRANT SELECT ON slipway_history TO sample_app;

-- Tables, views and sequences created by later migrations (run by this same owner role) get the same grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sample_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO sample_app;
