-- slipway: no-transaction
-- CONCURRENTLY builds the index without blocking writes; it cannot run inside a transaction, so this
-- file holds exactly this one statement.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_notes_pinned_created_at ON notes (pinned DESC, created_at DESC);
