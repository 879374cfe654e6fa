namespace Slipway.MySql;

/// <summary>
/// The catalog query behind MySQL schema snapshots, from <c>information_schema</c>: tables, columns (type,
/// nullability, default, extra, generation), indexes, foreign keys, check constraints, views, routines,
/// triggers and events of one database. Parameters: @db, @history (the history table, left out).
/// </summary>
internal static class MySqlCatalogSql
{
    public const string Snapshot = """
        SELECT CONCAT('table ', t.TABLE_NAME), CONCAT(COALESCE(t.ENGINE, ''), ' ', COALESCE(t.TABLE_COLLATION, ''))
        FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = @db AND t.TABLE_TYPE = 'BASE TABLE' AND t.TABLE_NAME <> @history
        UNION ALL
        SELECT CONCAT('column ', c.TABLE_NAME, '.', c.COLUMN_NAME),
               CONCAT(c.COLUMN_TYPE, IF(c.IS_NULLABLE = 'NO', ' NOT NULL', ''),
                      IF(c.COLUMN_DEFAULT IS NULL, '', CONCAT(' DEFAULT ', c.COLUMN_DEFAULT)),
                      IF(c.EXTRA = '', '', CONCAT(' ', c.EXTRA)),
                      IF(COALESCE(c.GENERATION_EXPRESSION, '') = '', '', CONCAT(' AS (', c.GENERATION_EXPRESSION, ')')),
                      IF(c.COLLATION_NAME IS NULL, '', CONCAT(' COLLATE ', c.COLLATION_NAME)))
        FROM information_schema.COLUMNS c
        JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME AND t.TABLE_TYPE = 'BASE TABLE'
        WHERE c.TABLE_SCHEMA = @db AND c.TABLE_NAME <> @history
        UNION ALL
        SELECT CONCAT(IF(s.INDEX_NAME = 'PRIMARY', 'primary key ', IF(s.NON_UNIQUE = 0, 'unique index ', 'index ')), s.TABLE_NAME, '.', s.INDEX_NAME),
               CONCAT(GROUP_CONCAT(CONCAT(s.COLUMN_NAME, COALESCE(CONCAT('(', s.SUB_PART, ')'), '')) ORDER BY s.SEQ_IN_INDEX SEPARATOR ','), ' ', s.INDEX_TYPE)
        FROM information_schema.STATISTICS s
        WHERE s.TABLE_SCHEMA = @db AND s.TABLE_NAME <> @history
        GROUP BY s.TABLE_NAME, s.INDEX_NAME, s.NON_UNIQUE, s.INDEX_TYPE
        UNION ALL
        SELECT CONCAT('foreign key ', k.TABLE_NAME, '.', k.CONSTRAINT_NAME),
               CONCAT(GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ','), ' -> ', k.REFERENCED_TABLE_NAME, '(',
                      GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ','), ') ON UPDATE ', r.UPDATE_RULE, ' ON DELETE ', r.DELETE_RULE)
        FROM information_schema.KEY_COLUMN_USAGE k
        JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
        WHERE k.TABLE_SCHEMA = @db AND k.REFERENCED_TABLE_NAME IS NOT NULL
        GROUP BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.REFERENCED_TABLE_NAME, r.UPDATE_RULE, r.DELETE_RULE
        UNION ALL
        SELECT CONCAT('check ', cc.CONSTRAINT_NAME), cc.CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS cc WHERE cc.CONSTRAINT_SCHEMA = @db
        UNION ALL
        SELECT CONCAT('view ', v.TABLE_NAME), v.VIEW_DEFINITION FROM information_schema.VIEWS v WHERE v.TABLE_SCHEMA = @db
        UNION ALL
        SELECT CONCAT(LOWER(r.ROUTINE_TYPE), ' ', r.ROUTINE_NAME), CONCAT(COALESCE(r.DTD_IDENTIFIER, ''), ' ', COALESCE(r.ROUTINE_DEFINITION, ''))
        FROM information_schema.ROUTINES r WHERE r.ROUTINE_SCHEMA = @db
        UNION ALL
        SELECT CONCAT('trigger ', g.TRIGGER_NAME), CONCAT(g.ACTION_TIMING, ' ', g.EVENT_MANIPULATION, ' ON ', g.EVENT_OBJECT_TABLE, ' ', g.ACTION_STATEMENT)
        FROM information_schema.TRIGGERS g WHERE g.TRIGGER_SCHEMA = @db
        UNION ALL
        SELECT CONCAT('event ', e.EVENT_NAME), e.EVENT_DEFINITION FROM information_schema.EVENTS e WHERE e.EVENT_SCHEMA = @db
        """;
}
