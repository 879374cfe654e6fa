-- slipway: phase=post-deploy
-- Contract, step 2: every row has updated_at now (V5), so the column can be required.
ALTER TABLE notes MODIFY updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6);
