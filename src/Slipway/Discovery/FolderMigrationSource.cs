using System.Buffers;
using System.IO.Enumeration;
using System.Runtime.ExceptionServices;
using System.Text;
using Slipway.Diagnostics;

namespace Slipway.Discovery;

/// <summary>Scripts in one folder (not its subfolders), e.g. <c>./migrations</c>.</summary>
public sealed class FolderMigrationSource : IMigrationSource
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    // From this many files on, reading them on every core pays for the threads it starts.
    private const int ParallelReadThreshold = 1000;

    private readonly string _path;

    /// <summary>Reads scripts from <paramref name="path"/>; relative paths are resolved against the working directory.</summary>
    public FolderMigrationSource(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
    }

    /// <inheritdoc />
    public string Description => _path;

    /// <inheritdoc />
    public Task<IReadOnlyList<SourceFile>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_path))
        {
            throw new ConfigurationException($"The migrations folder '{_path}' does not exist: create it, or name the folder the migrations are in.") { Setting = ConfigurationException.MigrationsSetting };
        }

        // Absolute once: a relative path is resolved against the working directory (a getcwd call)
        // on every file otherwise. Locations in messages keep the path as given; when that path is
        // already absolute the location is also the path the file is opened with (one string per file).
        var folder = Path.GetFullPath(_path);
        var absolute = string.Equals(folder, _path, StringComparison.Ordinal);
        var names = ListNames(folder);

        // With thousands of files a no-op run is mostly the kernel opening files, which parallelises, so
        // they are read on every core; a smaller folder is read on the calling thread, where starting
        // thread-pool workers would cost more than they save. Synchronous reads on purpose: the async file
        // API on Linux is a thread-pool hop per file. A file that cannot be read fails the listing; with
        // several, the first by name.
        var files = new SourceFile[names.Count];
        var failures = new Exception?[names.Count];
        if (names.Count < ParallelReadThreshold)
        {
            for (var i = 0; i < names.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Read(i);
            }
        }
        else
        {
            Parallel.For(0, names.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, Read);
        }

        if (Array.Find(failures, f => f is not null) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return Task.FromResult<IReadOnlyList<SourceFile>>(files);

        void Read(int i)
        {
            var location = Path.Combine(_path, names[i]);
            try
            {
                files[i] = new SourceFile(names[i], location, ReadText(absolute ? location : Path.Join(folder, names[i]), location));
            }
            catch (ConfigurationException ex)
            {
                failures[i] = ex;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Named by kind: the runtime's own messages are resource keys in the trimmed CLI.
                var reason = ex switch
                {
                    FileNotFoundException or DirectoryNotFoundException => "it does not exist (a link to a missing file?)",
                    UnauthorizedAccessException => "permission denied",
                    _ => ex.Message,
                };
                failures[i] = new ConfigurationException(
                    $"Cannot read the migration '{location}': {reason}. Check that the file exists and is readable, or remove it from the folder.", ex);
            }
        }
    }

    // Names only, no full paths: EnumerateFiles builds a path per entry that was then cut back to the
    // name. Hidden files (editor swap files, ._ copies) are not migrations. An inaccessible folder is an
    // error, never skipped: a folder that cannot be read must not look like one without migrations.
    private List<string> ListNames(string folder)
    {
        var options = new EnumerationOptions { IgnoreInaccessible = false, AttributesToSkip = 0, RecurseSubdirectories = false };
        try
        {
            var names = new FileSystemEnumerable<string>(folder, static (ref entry) => entry.FileName.ToString(), options)
            {
                ShouldIncludePredicate = static (ref entry) => !entry.IsDirectory
                    && entry.FileName.EndsWith(".sql", StringComparison.Ordinal)
                    && !entry.FileName.StartsWith('.'),
            }.ToList();
            names.Sort(StringComparer.Ordinal);
            return names;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is UnauthorizedAccessException ? "permission denied" : ex.Message;
            throw new ConfigurationException(
                $"Cannot list the migrations folder '{_path}': {reason}. Make it readable and searchable by the user slipway runs as.", ex);
        }
    }

    // UTF-8 with an optional BOM, decoded from a rented buffer: File.ReadAllText allocates reader buffers
    // of several KiB per file and File.ReadAllBytes an array per file, which with thousands of files
    // was most of what a no-op run allocated (and so of its peak memory).
    private static string ReadText(string path, string location)
    {
        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        if (length > int.MaxValue / 2)
        {
            throw new ConfigurationException($"'{path}' is {length} bytes: too large for a migration script.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = 0;
            while (read < length && RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read) is var n and > 0)
            {
                read += n;
            }

            var bytes = buffer.AsSpan(0, read);
            if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
            {
                return File.ReadAllText(path); // UTF-16 with a BOM: let the reader detect it.
            }

            var text = bytes.StartsWith(Utf8Bom) ? bytes[Utf8Bom.Length..] : bytes;
            try
            {
                return StrictUtf8.GetString(text);
            }
            catch (DecoderFallbackException ex)
            {
                // Decoding leniently would apply U+FFFD in place of the bytes, a script nobody wrote.
                var offset = ex.Index + (bytes.Length - text.Length);
                throw new ConfigurationException(
                    $"The migration '{location}' is not valid UTF-8 (byte 0x{ex.BytesUnknown?.FirstOrDefault():X2} at offset {offset}). Save it as UTF-8; nothing was applied.", ex);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
