-- Re-applied whenever this file changes. The list page reads this view, not the table.
CREATE OR REPLACE VIEW notes_overview AS
SELECT id,
       title,
       LEFT(body, 140) AS excerpt,
       pinned,
       created_at,
       COALESCE(updated_at, created_at) AS updated_at
FROM notes;

-- A new view needs its own grant (no default privileges on MySQL); granting it again changes nothing.
GRANT SELECT ON notes_overview TO sample_app;
