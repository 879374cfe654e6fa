-- Expand: new nullable/defaulted columns only, so the previous app version keeps working while the
-- new one rolls out. Adding a column with a constant default is instant (no table rewrite).
ALTER TABLE notes
    ADD COLUMN pinned boolean NOT NULL DEFAULT false,
    ADD COLUMN updated_at timestamptz;
