-- The role itself stays: it is cluster-wide and other databases may use it.
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM sample_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM sample_app;
REVOKE SELECT ON slipway_history FROM sample_app;
REVOKE USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public FROM sample_app;
REVOKE SELECT, INSERT, UPDATE, DELETE ON notes FROM sample_app;
REVOKE USAGE ON SCHEMA public FROM sample_app;
