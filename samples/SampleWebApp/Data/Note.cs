namespace SampleWebApp.Data;

/// <summary>A note as the pages and the API show it.</summary>
internal sealed record Note(long Id, string Title, string Body, bool Pinned, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A note as written by a client: title required, body optional.</summary>
internal sealed record NoteInput(string? Title, string? Body, bool Pinned = false)
{
    public const int MaxTitleLength = 200;

    /// <summary>What is wrong with the input, by field; empty when valid.</summary>
    public Dictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Title))
        {
            problems["title"] = ["A title is required."];
        }
        else if (Title.Length > MaxTitleLength)
        {
            problems["title"] = [$"A title has at most {MaxTitleLength} characters."];
        }

        return problems;
    }
}
