DROP INDEX ix_notes_pinned_created_at ON notes;
