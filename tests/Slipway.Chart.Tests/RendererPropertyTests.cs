using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Slipway.Testing;
using YamlDotNet.RepresentationModel;

namespace Slipway.Chart.Tests;

/// <summary>
/// A property of Helm's toYaml, toJson, fromYaml and nindent that templates rely on: whatever value tree goes in, the
/// text that comes out reads back as the same tree, in every position a chart puts it.
/// </summary>
public sealed partial class RendererPropertyTests
{
    private const int Seed = 18;
    private const int Trees = 400;
    private static readonly JsonSerializerOptions ValuesFileJson = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Each tree in the positions charts use: quoted JSON, a literal block, inline JSON, a nindented block
    // under a key and under a key inside a list item. The literal block keeps its trailing line breaks
    // (|+): with |, YAML itself would strip the blank lines that end a value such as "\n\n". The closing
    // key keeps every tree off the end of its document, where Helm trims whitespace as this renderer does;
    // for the same reason the tree is not the last entry given to fromYaml: toYaml trims the final line
    // break, which a string ending in blank lines (written as a |+ block) needs when it comes last.
    private const string Template = """
        {{- range $i, $t := .Values.trees }}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: tree-{{ $i }}
        data:
          json: {{ toJson $t | quote }}
          fromYaml: {{ toJson (fromYaml (toYaml (dict "v" $t "z" 0))) | quote }}
          fromYamlArray: {{ toJson (fromYamlArray (toYaml (list $t 0))) | quote }}
          yaml: |+
            {{- toYaml $t | nindent 4 }}
        inline: {{ toJson $t }}
        block:
          {{- toYaml $t | nindent 2 }}
        items:
          - item:
              {{- toYaml $t | nindent 6 }}
        end: true
        {{- end }}
        """;

    [Fact]
    public async Task ToYaml_toJson_and_nindent_output_reads_back_as_the_same_value_tree_for_400_generated_trees()
    {
        var random = new Random(Seed);
        var trees = Enumerable.Range(0, Trees).Select(_ => ValueTrees.Generate(random)).ToList();
        using var chart = new TempDirectory();
        chart.Write("Chart.yaml", "apiVersion: v2\nname: probe\nversion: 1.0.0\n");
        chart.Write("templates/trees.yaml", Template);
        var values = chart.Write("trees.json", ValuesFile(trees));

        var result = await ChartRenderer.RunAsync(["-f", values], chart.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var documents = YamlTree.LoadDocuments(result.Stdout);
        Assert.Equal(Trees, documents.Count);
        for (var i = 0; i < Trees; i++)
        {
            var document = documents[i];
            var data = (YamlMappingNode)document["data"];
            var readBack = new Dictionary<string, object?>
            {
                ["toJson | quote"] = YamlTree.FromJson(Scalar(data["json"])),
                ["fromYaml of toYaml"] = ((Dictionary<string, object?>)YamlTree.FromJson(Scalar(data["fromYaml"]))!)["v"],
                ["fromYamlArray of toYaml"] = ((List<object?>)YamlTree.FromJson(Scalar(data["fromYamlArray"]))!)[0],
                ["toYaml in a literal block"] = YamlTree.FromYaml(Scalar(data["yaml"])),
                ["inline toJson"] = YamlTree.FromNode(document["inline"]),
                ["toYaml | nindent 2"] = YamlTree.FromNode(document["block"]),
                ["toYaml | nindent 6 in a list item"] = YamlTree.FromNode(((YamlMappingNode)((YamlSequenceNode)document["items"])[0])["item"]),
            };
            if (trees[i] is string { Length: > 0 } text && text[0] is ' ' or '\n')
            {
                // Helm's own limit, reproduced here: toYaml writes such a string alone as a block scalar with an
                // indentation indicator (|2), which counts from the enclosing key once nindent moves it there.
                readBack.Remove("toYaml | nindent 2");
                readBack.Remove("toYaml | nindent 6 in a list item");
            }

            foreach (var (position, actual) in readBack)
            {
                if (ValueTrees.FirstDifference(trees[i], actual) is { } difference)
                {
                    Assert.Fail($"tree {i} (seed {Seed}), {position}: {difference}\nvalue: {JsonSerializer.Serialize(trees[i])}\nrendered:\n{document}");
                }
            }
        }
    }

    // go-yaml, which reads values files for Helm, rejects JSON's surrogate-pair escapes: characters outside
    // the Basic Multilingual Plane are written as themselves, as a YAML values file would hold them.
    private static string ValuesFile(List<object?> trees) => SurrogatePair().Replace(
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["trees"] = trees }, ValuesFileJson),
        m => char.ConvertFromUtf32(char.ConvertToUtf32(
            (char)Convert.ToInt32(m.Groups[1].Value, 16), (char)Convert.ToInt32(m.Groups[2].Value, 16))));

    [GeneratedRegex(@"\\u(D[89AB][0-9A-F]{2})\\u(D[C-F][0-9A-F]{2})", RegexOptions.IgnoreCase)]
    private static partial Regex SurrogatePair();

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
