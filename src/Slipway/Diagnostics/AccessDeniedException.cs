namespace Slipway.Diagnostics;

/// <summary>
/// The database refused a statement because of who is asking or what the database allows, not because
/// of the SQL: the role lacks a privilege (e.g. CREATE on the schema), or the database or file is
/// read-only. The statement's transaction was rolled back; the message names the privilege or setting.
/// </summary>
public sealed class AccessDeniedException(string message, Exception? innerException = null)
    : SlipwayException(message, innerException);
