ALTER TABLE notes DROP COLUMN updated_at;
ALTER TABLE notes DROP COLUMN pinned;
