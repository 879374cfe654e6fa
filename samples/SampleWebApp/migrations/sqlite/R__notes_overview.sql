-- Re-applied whenever this file changes. The list page reads this view, not the table.
DROP VIEW IF EXISTS notes_overview;
CREATE VIEW notes_overview AS
SELECT id,
       title,
       substr(body, 1, 140) AS excerpt,
       pinned,
       created_at,
       coalesce(updated_at, created_at) AS updated_at
FROM notes;
