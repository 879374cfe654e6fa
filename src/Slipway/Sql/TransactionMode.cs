namespace Slipway.Sql;

/// <summary>How a migration runs.</summary>
internal enum TransactionMode
{
    /// <summary>The whole script in one transaction with its history row.</summary>
    Transactional,

    /// <summary>Statement by statement, because of the <c>-- slipway: no-transaction</c> directive.</summary>
    NoTransactionDirective,

    /// <summary>Statement by statement, because every statement is one the server refuses inside a transaction.</summary>
    NoTransactionDetected,

    /// <summary>
    /// Statement by statement, because a statement commits implicitly (MySQL and MariaDB: any DDL), which
    /// would commit everything before it: the migration cannot be atomic, but each statement is recorded.
    /// </summary>
    ImplicitCommit,
}
