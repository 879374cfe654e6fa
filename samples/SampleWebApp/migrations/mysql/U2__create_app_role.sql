-- The role itself stays: it is server-wide and other databases may use it.
REVOKE SELECT ON slipway_history FROM sample_app;
REVOKE SELECT, INSERT, UPDATE, DELETE ON notes FROM sample_app;
