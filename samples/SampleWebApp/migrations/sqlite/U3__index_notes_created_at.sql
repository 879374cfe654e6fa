DROP INDEX IF EXISTS ix_notes_pinned_created_at;
