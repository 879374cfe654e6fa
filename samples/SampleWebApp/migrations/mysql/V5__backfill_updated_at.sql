-- slipway: phase=post-deploy
-- Contract, step 1: once no pod of the previous version (which did not write updated_at) is left,
-- backfill the old rows. A data change only, so it runs in one transaction with its history row; the
-- column change that must follow it commits implicitly on MySQL and is its own migration (V6).
UPDATE notes SET updated_at = created_at WHERE updated_at IS NULL;
