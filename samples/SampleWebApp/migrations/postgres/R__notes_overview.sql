-- Re-applied whenever this file changes. The list page reads this view, not the table.
CREATE OR REPLACE VIEW notes_overview AS
SELECT id,
       title,
       left(body, 140) AS excerpt,
       pinned,
       created_at,
       coalesce(updated_at, created_at) AS updated_at
FROM notes;
