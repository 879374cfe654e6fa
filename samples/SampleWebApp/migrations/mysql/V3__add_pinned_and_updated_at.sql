-- Expand: new nullable/defaulted columns only, so the previous app version keeps working while the
-- new one rolls out. ALGORITHM=INSTANT adds them without copying the table, or fails rather than
-- quietly rebuilding it.
ALTER TABLE notes
    ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN updated_at DATETIME(6) NULL,
    ALGORITHM = INSTANT;
