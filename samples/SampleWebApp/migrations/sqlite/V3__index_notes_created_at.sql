CREATE INDEX IF NOT EXISTS ix_notes_pinned_created_at ON notes (pinned DESC, created_at DESC);
