using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace Candor.Web.Tests.Infrastructure;

/// <summary>
/// The text a PDF shows, page by page, read with PDFsharp the way a viewer's copy-and-paste reads it: every string
/// drawn (Tj/TJ) decoded through its font's ToUnicode map, one drawn string per line.
/// </summary>
public static partial class PdfText
{
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var pages = new List<string>();
        foreach (var page in document.Pages)
        {
            var maps = FontMaps(page);
            var text = new StringBuilder();
            Dictionary<int, string>? font = null;
            foreach (var op in Operators(ContentReader.ReadContent(page)))
            {
                switch (op.OpCode.Name)
                {
                    case "Tf" when op.Operands.Count > 0 && op.Operands[0] is CName name:
                        font = maps.GetValueOrDefault(name.Name);
                        break;
                    case "Tj" or "'" or "\"" when op.Operands.Count > 0 && op.Operands[^1] is CString drawn:
                        text.Append(Decode(drawn, font)).Append('\n');
                        break;
                    case "TJ" when op.Operands.Count > 0 && op.Operands[0] is CArray parts:
                        text.Append(string.Concat(parts.OfType<CString>().Select(s => Decode(s, font)))).Append('\n');
                        break;
                }
            }
            pages.Add(text.ToString());
        }
        return pages;
    }

    public static string All(byte[] pdf) => string.Join("\n", Pages(pdf));

    private static IEnumerable<COperator> Operators(CSequence sequence)
    {
        foreach (var item in sequence)
        {
            if (item is COperator op)
            {
                yield return op;
            }
            else if (item is CSequence inner)
            {
                foreach (var nested in Operators(inner))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>Two-byte glyph codes through the ToUnicode map; single bytes as Latin-1 when a font has no map.</summary>
    private static string Decode(CString drawn, Dictionary<int, string>? map)
    {
        var bytes = drawn.Value.Select(c => (int)c).ToList();
        if (map is null)
        {
            return drawn.Value;
        }
        var result = new StringBuilder();
        for (var i = 0; i + 1 < bytes.Count; i += 2)
        {
            result.Append(map.GetValueOrDefault((bytes[i] << 8) | bytes[i + 1], "?"));
        }
        return result.ToString();
    }

    private static Dictionary<string, Dictionary<int, string>> FontMaps(PdfPage page)
    {
        var maps = new Dictionary<string, Dictionary<int, string>>(StringComparer.Ordinal);
        if (page.Resources.Elements.GetDictionary("/Font") is not { } fonts)
        {
            return maps;
        }
        foreach (var key in fonts.Elements.Keys)
        {
            if (fonts.Elements.GetDictionary(key) is { } font && font.Elements.GetDictionary("/ToUnicode") is { Stream: { } stream })
            {
                maps[key] = ParseCMap(Encoding.Latin1.GetString(stream.UnfilteredValue));
            }
        }
        return maps;
    }

    private static Dictionary<int, string> ParseCMap(string cmap)
    {
        var map = new Dictionary<int, string>();
        foreach (Match section in Section().Matches(cmap))
        {
            var body = section.Groups["body"].Value;
            if (section.Groups["kind"].Value == "char")
            {
                foreach (Match pair in CharPair().Matches(body))
                {
                    map[Hex(pair.Groups[1].Value)] = Unicode(pair.Groups[2].Value);
                }
                continue;
            }
            foreach (Match range in RangeTriple().Matches(body))
            {
                var (from, to, first) = (Hex(range.Groups[1].Value), Hex(range.Groups[2].Value), Hex(range.Groups[3].Value));
                for (var code = from; code <= to; code++)
                {
                    map[code] = char.ConvertFromUtf32(first + code - from);
                }
            }
        }
        return map;
    }

    private static int Hex(string hex) => int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Unicode(string hex) => Encoding.BigEndianUnicode.GetString(Convert.FromHexString(hex));

    [GeneratedRegex(@"beginbf(?<kind>char|range)(?<body>.*?)endbf\k<kind>", RegexOptions.Singleline)]
    private static partial Regex Section();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex CharPair();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex RangeTriple();
}
