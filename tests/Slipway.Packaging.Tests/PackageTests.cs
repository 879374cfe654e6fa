using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using Slipway.Testing;

namespace Slipway.Packaging.Tests;

/// <summary>
/// What users install, installed as users do: the packages are packed into a local folder, the tool is
/// installed from it with <c>dotnet tool install --add-source</c> and run, and a new app outside the
/// repository references the packages (not the projects) and migrates an SQLite database.
/// </summary>
public sealed class PackageTests : IDisposable
{
    // A version of its own per run, so a package cached by an earlier run is never what gets installed.
    // The last identifier starts with a letter: eight hex digits can all be decimal with a leading zero,
    // which SemVer forbids in a numeric identifier and pack then refuses.
    private readonly string _version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + ".r" + Guid.NewGuid().ToString("N")[..8];
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Packed_packages_install_as_a_tool_and_into_a_new_app_that_migrates_SQLite()
    {
        var feed = _dir["feed"];
        await PackAsync(feed);

        foreach (var name in Packages.All)
        {
            var package = Path.Combine(feed, $"{name}.{_version}.nupkg");
            Assert.True(File.Exists(package), $"{name} was not packed: {string.Join(", ", Directory.GetFiles(feed).Select(Path.GetFileName))}");
            Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"{name} has no symbol package");
            using var zip = ZipFile.OpenRead(package);
            Assert.NotNull(zip.GetEntry("README.md"));
            Assert.NotNull(zip.GetEntry("LICENSE"));
            var nuspec = XDocument.Load(zip.GetEntry($"{name}.nuspec")!.Open());
            XNamespace ns = nuspec.Root!.Name.NamespaceName;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value), $"{name} has no description");
            if (Directory.Exists(Repository.PathOf(".git")) || File.Exists(Repository.PathOf(".git")))
            {
                Assert.Matches("^[0-9a-f]{40}$", metadata.Element(ns + "repository")?.Attribute("commit")?.Value ?? "");
            }
        }

        await InstallAndRunToolAsync(feed);
        await BuildAndRunAppAsync(feed);
    }

    private async Task PackAsync(string feed)
    {
        // One MSBuild process packs every project, without building again: the test project's references
        // built them in this configuration.
        var configuration = typeof(PackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var projects = string.Join(';', Packages.All.Select(n => Repository.PathOf($"src/{n}/{n}.csproj")));
        var traversal = _dir.Write("pack.proj", $"""
            <Project>
              <Target Name="Pack">
                <MSBuild Projects="{projects}" Targets="Pack" Properties="Configuration={configuration};NoBuild=true;PackageVersion={_version};PackageOutputPath={feed}" BuildInParallel="false" />
              </Target>
            </Project>
            """);
        var (exit, output) = await Dotnet.RunAsync(_dir.Path, "dotnet", "msbuild", traversal, "-t:Pack", "-nologo", "-v:m");
        Assert.True(exit == 0, output);
    }

    private async Task InstallAndRunToolAsync(string feed)
    {
        var tools = _dir["tools"];
        var (exit, output) = await Dotnet.RunAsync(_dir.Path, "dotnet", "tool", "install", Packages.Tool, "--version", _version, "--tool-path", tools, "--add-source", feed);
        Assert.True(exit == 0, output);

        _dir.Write("tool/migrations/V1__create_notes.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\n");
        var slipway = Path.Combine(tools, "slipway");
        var (migrateExit, migrateOutput) = await Dotnet.RunAsync(_dir["tool"], slipway, "migrate", "--database-url", "sqlite:tool.db");
        Assert.True(migrateExit == 0, migrateOutput);
        Assert.Contains("V1__create_notes.sql", migrateOutput, StringComparison.Ordinal);
        var (statusExit, statusOutput) = await Dotnet.RunAsync(_dir["tool"], slipway, "status", "--database-url", "sqlite:tool.db");
        Assert.True(statusExit == 0, statusOutput);
    }

    private async Task BuildAndRunAppAsync(string feed)
    {
        _dir.Write("app/nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="slipway-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        _dir.Write("app/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Slipway.Sqlite" Version="{_version}" />
                <EmbeddedResource Include="migrations/*.sql" LogicalName="migrations/%(Filename)%(Extension)" />
              </ItemGroup>
            </Project>
            """);
        _dir.Write("app/migrations/V1__create_notes.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\n");
        _dir.Write("app/migrations/V2__add_title.sql", "ALTER TABLE notes ADD COLUMN title TEXT;\n");
        _dir.Write("app/Program.cs", """
            using Slipway.Discovery;
            using Slipway.Execution;
            using Slipway.Providers;
            using Slipway.Sqlite;

            var provider = new SqliteProviderFactory().Create(new ProviderSettings { Url = "sqlite:app.db" });
            var report = await new Migrator(provider, [new EmbeddedMigrationSource(typeof(Program).Assembly)]).MigrateAsync();
            Console.WriteLine($"applied {report.AppliedCount}, now at {report.CurrentVersion}");
            """);

        var (exit, output) = await Dotnet.RunAsync(_dir["app"], "dotnet", "run");

        Assert.True(exit == 0, output);
        Assert.Contains("applied 2, now at 2", output, StringComparison.Ordinal);
        Assert.True(File.Exists(_dir["app/app.db"]));
        var references = await File.ReadAllTextAsync(_dir["app/obj/project.assets.json"]);
        Assert.Contains($"\"Slipway.Sqlite/{_version}\"", references, StringComparison.Ordinal);
        Assert.Contains($"\"Slipway/{_version}\"", references, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        // The run's own version in the user's package cache is of no use to anyone afterwards.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var name in Packages.All)
        {
            var folder = Path.Combine(cache, name.ToLowerInvariant(), _version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        _dir.Dispose();
    }
}
