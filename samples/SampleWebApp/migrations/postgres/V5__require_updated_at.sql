-- slipway: phase=post-deploy
-- Contract: once no pod of the previous version (which did not write updated_at) is left, backfill
-- the old rows and make the column required.
UPDATE notes SET updated_at = created_at WHERE updated_at IS NULL;
ALTER TABLE notes
    ALTER COLUMN updated_at SET DEFAULT now(),
    ALTER COLUMN updated_at SET NOT NULL;
