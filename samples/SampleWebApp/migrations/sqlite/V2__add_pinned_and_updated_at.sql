-- Expand: new columns the previous app version can ignore.
ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notes ADD COLUMN updated_at TEXT;
