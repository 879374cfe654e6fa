using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using SampleWebApp.Data;

namespace SampleWebApp.Pages;

/// <summary>The server-rendered pages: the list with a form to add a note, and one note to edit or delete.</summary>
internal static class NotePages
{
    public static void MapNotePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", ListAsync);
        app.MapGet("/notes/{id:long}", ShowAsync);
        app.MapPost("/notes", CreateAsync);
        app.MapPost("/notes/{id:long}", UpdateAsync);
        app.MapPost("/notes/{id:long}/delete", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(NoteStore store, IAntiforgery antiforgery, HttpContext context, CancellationToken cancellationToken)
    {
        var notes = await store.ListAsync(cancellationToken);
        var body = new StringBuilder();
        body.Append("<section class=\"card\"><h1>New note</h1>").Append(Form("/notes", null, antiforgery, context, "Add note")).Append("</section>");
        body.Append("<section id=\"notes\">");
        if (notes.Count == 0)
        {
            body.Append("<p class=\"empty\">No notes yet. Write the first one above.</p>");
        }

        foreach (var note in notes)
        {
            body.Append("<article class=\"card note").Append(note.Pinned ? " pinned" : string.Empty).Append("\" id=\"note-").Append(note.Id.ToString(CultureInfo.InvariantCulture)).Append("\" data-id=\"").Append(note.Id.ToString(CultureInfo.InvariantCulture)).Append("\">")
                .Append("<h2><a href=\"/notes/").Append(note.Id.ToString(CultureInfo.InvariantCulture)).Append("\">").Append(Html.Encode(note.Title)).Append("</a></h2>")
                .Append("<p>").Append(Html.Encode(note.Body)).Append("</p>")
                .Append("<div class=\"meta\">").Append(note.Pinned ? "Pinned · " : string.Empty).Append("updated ").Append(Html.Time(note.UpdatedAt)).Append("</div></article>");
        }

        body.Append("</section>");
        return Results.Content(Html.Page("All notes", body.ToString()), "text/html; charset=utf-8");
    }

    private static async Task<IResult> ShowAsync(long id, NoteStore store, IAntiforgery antiforgery, HttpContext context, CancellationToken cancellationToken)
    {
        var note = await store.FindAsync(id, cancellationToken);
        if (note is null)
        {
            return Results.Content(Html.Page("Not found", "<div class=\"card\"><h1>Note not found</h1><p><a href=\"/\">Back to all notes</a></p></div>"), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        var action = "/notes/" + id.ToString(CultureInfo.InvariantCulture);
        var body = $"""
            <section class="card"><h1>{Html.Encode(note.Title)}</h1>
            <div class="meta">created {Html.Time(note.CreatedAt)} · updated {Html.Time(note.UpdatedAt)}</div>
            {Form(action, note, antiforgery, context, "Save")}
            <form method="post" action="{action}/delete">{Html.AntiforgeryField(antiforgery, context)}<button class="danger" type="submit">Delete</button></form>
            </section>
            """;
        return Results.Content(Html.Page(note.Title, body), "text/html; charset=utf-8");
    }

    private static async Task<IResult> CreateAsync([FromForm] string? title, [FromForm] string? body, [FromForm] string? pinned, NoteStore store, CancellationToken cancellationToken)
    {
        var input = new NoteInput(title, body, pinned is not null);
        if (input.Problems().Count > 0)
        {
            return Results.Redirect("/");
        }

        var note = await store.CreateAsync(input, cancellationToken);
        return Results.Redirect("/#note-" + note.Id.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<IResult> UpdateAsync(long id, [FromForm] string? title, [FromForm] string? body, [FromForm] string? pinned, NoteStore store, CancellationToken cancellationToken)
    {
        var input = new NoteInput(title, body, pinned is not null);
        if (input.Problems().Count == 0)
        {
            await store.UpdateAsync(id, input, cancellationToken);
        }

        return Results.Redirect("/notes/" + id.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<IResult> DeleteAsync(long id, NoteStore store, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(id, cancellationToken);
        return Results.Redirect("/");
    }

    private static string Form(string action, Note? note, IAntiforgery antiforgery, HttpContext context, string button) => $"""
        <form class="stack" method="post" action="{action}">
        {Html.AntiforgeryField(antiforgery, context)}
        <input type="text" name="title" placeholder="Title" required maxlength="{NoteInput.MaxTitleLength}" value="{Html.Encode(note?.Title ?? string.Empty)}">
        <textarea name="body" placeholder="Write something">{Html.Encode(note?.Body ?? string.Empty)}</textarea>
        <label><input type="checkbox" name="pinned"{(note?.Pinned == true ? " checked" : string.Empty)}> Pinned</label>
        <div><button type="submit">{button}</button></div>
        </form>
        """;
}
