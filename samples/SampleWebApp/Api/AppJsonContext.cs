using System.Text.Json;
using System.Text.Json.Serialization;
using SampleWebApp.Data;

namespace SampleWebApp.Api;

/// <summary>Source-generated JSON for the API's types (no reflection).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Note))]
[JsonSerializable(typeof(IReadOnlyList<Note>))]
[JsonSerializable(typeof(NoteInput))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
