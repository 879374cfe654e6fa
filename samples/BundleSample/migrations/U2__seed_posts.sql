DELETE FROM posts WHERE id IN (1, 2);
