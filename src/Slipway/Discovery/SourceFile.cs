namespace Slipway.Discovery;

/// <summary>One script as a source found it.</summary>
/// <param name="Name">The file name, e.g. <c>V1__create_notes.sql</c>; what the name rules apply to.</param>
/// <param name="Location">Where it came from, for messages: a repository-relative path or <c>embedded:Assembly/name</c>.</param>
/// <param name="Content">The script text (a UTF-8 BOM already removed).</param>
public sealed record SourceFile(string Name, string Location, string Content);
