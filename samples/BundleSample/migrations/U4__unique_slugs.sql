DROP INDEX posts_slug;
