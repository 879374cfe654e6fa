-- slipway: phase=post-deploy
-- Contract: once every running app writes updated_at, backfill the old rows. (SQLite cannot add
-- NOT NULL to an existing column without rebuilding the table; the app always sets it.)
UPDATE notes SET updated_at = created_at WHERE updated_at IS NULL;
