-- An online index build: writes to notes go on while it runs (LOCK = NONE fails rather than blocking
-- them), as CREATE INDEX CONCURRENTLY does on PostgreSQL.
CREATE INDEX ix_notes_pinned_created_at ON notes (pinned DESC, created_at DESC) ALGORITHM = INPLACE LOCK = NONE;
