using System.Text.Json;

namespace Slipway.Lint.Rules;

/// <summary>One parsed statement: its node type (e.g. <c>AlterTableStmt</c>), its payload and its line.</summary>
internal sealed record Statement(string Kind, JsonElement Node, int Line)
{
    /// <summary>The table a statement acts on directly, when it has one (ALTER TABLE, CREATE INDEX, RENAME).</summary>
    public string? Table => Node.Child("relation") is { ValueKind: JsonValueKind.Object } relation ? relation.Relation() : null;

    /// <summary>The commands of an ALTER TABLE (empty for other statements).</summary>
    public IEnumerable<JsonElement> AlterCommands =>
        Kind == "AlterTableStmt" && Node.Text("objtype") is null or "OBJECT_TABLE"
            ? Node.Items("cmds").Select(c => c.As("AlterTableCmd"))
            : [];
}
