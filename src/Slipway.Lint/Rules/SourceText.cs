namespace Slipway.Lint.Rules;

/// <summary>
/// The script as the parser saw it: UTF-8 bytes, since libpg_query reports byte offsets. Maps an
/// offset to the line of the statement's first real token (a statement's offset starts right after
/// the previous semicolon, before any blank lines and comments).
/// </summary>
internal sealed class SourceText(string sql)
{
    public byte[] Bytes { get; } = System.Text.Encoding.UTF8.GetBytes(sql);

    public int LineOfStatement(int offset) => LineAt(SkipTrivia(Math.Clamp(offset, 0, Bytes.Length)));

    public int LineAt(int offset)
    {
        var line = 1;
        for (var i = 0; i < offset && i < Bytes.Length; i++)
        {
            if (Bytes[i] == (byte)'\n')
            {
                line++;
            }
        }

        return line;
    }

    private int SkipTrivia(int i)
    {
        while (i < Bytes.Length)
        {
            if (Bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                i++;
            }
            else if (At(i, "--"))
            {
                while (i < Bytes.Length && Bytes[i] != (byte)'\n')
                {
                    i++;
                }
            }
            else if (At(i, "/*"))
            {
                var depth = 0;
                do
                {
                    if (At(i, "/*"))
                    {
                        depth++;
                        i += 2;
                    }
                    else if (At(i, "*/"))
                    {
                        depth--;
                        i += 2;
                    }
                    else
                    {
                        i++;
                    }
                }
                while (depth > 0 && i < Bytes.Length);
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private bool At(int i, string token) =>
        i + 1 < Bytes.Length && Bytes[i] == (byte)token[0] && Bytes[i + 1] == (byte)token[1];
}
