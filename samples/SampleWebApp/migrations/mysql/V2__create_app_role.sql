-- The application's own role: DML only, no DDL. Migrations run as the schema owner; the app's login
-- user is granted this role as its default (GRANT sample_app TO <user>; SET DEFAULT ROLE sample_app
-- FOR <user>), so a bug or an injection in the app cannot drop or alter tables.
-- Roles are server-wide and shared by every database on the server: create it only when missing.
CREATE ROLE IF NOT EXISTS sample_app;

-- Table grants name tables of this database only. MySQL has no default privileges: a migration that
-- creates a table the app uses grants it in the same file.
GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO sample_app;
-- The readiness check and the status page read the history as the app.
GRANT SELECT ON slipway_history TO sample_app;
