using System.Globalization;
using System.Text;

namespace Candor.Web.Features.CandidateResults;

/// <summary>
/// A small flowing-text PDF writer: A4 pages, headings, wrapped paragraphs and score bars, in the PDF standard
/// Helvetica fonts (every viewer has them, so nothing is embedded and no font file is needed on the server).
/// Written by hand because the only PDF library on our mirror (PDFsharp 6.5) is AGPL-licensed.
/// The standard fonts speak WinAnsi: characters outside it lose their accents or become '?'.
/// Content streams are left uncompressed: reports are small, and tests can read the text straight from the bytes.
/// </summary>
public sealed class SimplePdf
{
    private const double PageWidth = 595.28, PageHeight = 841.89, Margin = 50, LineGap = 1.3;
    private readonly List<StringBuilder> _pages = [];
    private StringBuilder _page = null!;
    private double _y;

    public SimplePdf() => NewPage();

    private static double ContentWidth => PageWidth - 2 * Margin;

    public SimplePdf Heading(string text, double size = 14) => Gap(size * 0.6).Paragraph(text, size, bold: true);

    public SimplePdf Gap(double points)
    {
        _y -= points;
        return this;
    }

    /// <summary>Writes text wrapped to the page width (or <paramref name="indent"/>ed), breaking pages as needed.</summary>
    public SimplePdf Paragraph(string text, double size = 10, bool bold = false, double indent = 0, bool muted = false)
    {
        foreach (var line in Wrap(ToWinAnsi(text), size, bold, ContentWidth - indent))
        {
            EnsureSpace(size * LineGap);
            _y -= size * LineGap;
            var gray = muted ? "0.35" : "0";
            _page.Append(Invariant($"{gray} g BT /{(bold ? "F2" : "F1")} {size} Tf {Margin + indent:0.##} {_y:0.##} Td ({Escape(line)}) Tj ET\n"));
        }
        return this;
    }

    /// <summary>A labelled horizontal bar for a 0–100 score, with the number printed beside it.</summary>
    public SimplePdf ScoreBar(string label, int score, string? note = null)
    {
        const double size = 10, labelWidth = 170, barWidth = 230;
        EnsureSpace(size * 1.8);
        _y -= size * 1.8;
        var filled = barWidth * Math.Clamp(score, 0, 100) / 100.0;
        var barX = Margin + labelWidth;
        var labelText = Wrap(ToWinAnsi(label), size, false, labelWidth - 8).FirstOrDefault() ?? "";
        _page.Append(Invariant($"0 g BT /F1 {size} Tf {Margin} {_y:0.##} Td ({Escape(labelText)}) Tj ET\n"));
        _page.Append(Invariant($"0.9 g {barX:0.##} {_y - 1:0.##} {barWidth} 9 re f\n"));
        _page.Append(Invariant($"0.23 0.36 0.86 rg {barX:0.##} {_y - 1:0.##} {filled:0.##} 9 re f\n"));
        _page.Append(Invariant($"0 g BT /F2 {size} Tf {barX + barWidth + 8:0.##} {_y:0.##} Td ({Escape(score.ToString(CultureInfo.InvariantCulture) + ToWinAnsi(note ?? ""))}) Tj ET\n"));
        return this;
    }

    public byte[] ToBytes(string title)
    {
        // Objects: 1 catalog, 2 page tree, 3 Helvetica, 4 Helvetica-Bold, 5 info, then a page and its content per page.
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', _pages.Select((_, i) => $"{6 + 2 * i} 0 R"))}] /Count {_pages.Count} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
            $"<< /Title ({Escape(ToWinAnsi(title))}) /Producer (Candor) >>",
        };
        for (var i = 0; i < _pages.Count; i++)
        {
            var content = _pages[i].ToString();
            objects.Add(Invariant($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth} {PageHeight}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {7 + 2 * i} 0 R >>"));
            objects.Add($"<< /Length {Latin1.GetByteCount(content)} >>\nstream\n{content}endstream");
        }

        using var output = new MemoryStream();
        void Write(string s) => output.Write(Latin1.GetBytes(s));
        Write("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(output.Position);
            Write($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = output.Position;
        Write($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write($"{offset:D10} 00000 n \n");
        }
        Write($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    private void NewPage()
    {
        _page = new StringBuilder();
        _pages.Add(_page);
        _y = PageHeight - Margin;
    }

    private void EnsureSpace(double height)
    {
        if (_y - height < Margin)
        {
            NewPage();
        }
    }

    private static IEnumerable<string> Wrap(string text, double size, bool bold, double width)
    {
        foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (line.Length > 0 && Measure(candidate, size, bold) > width)
                {
                    yield return line.ToString();
                    line.Clear().Append(word);
                }
                else
                {
                    line.Clear().Append(candidate);
                }
                // A single word longer than the line (a URL, a hash) is cut rather than run off the page.
                while (Measure(line.ToString(), size, bold) > width && line.Length > 1)
                {
                    var fit = line.Length - 1;
                    while (fit > 1 && Measure(line.ToString(0, fit), size, bold) > width)
                    {
                        fit--;
                    }
                    yield return line.ToString(0, fit);
                    line.Remove(0, fit);
                }
            }
            yield return line.ToString();
        }
    }

    private static double Measure(string text, double size, bool bold) =>
        text.Sum(c => c is >= ' ' and <= '~' ? HelveticaWidths[c - ' '] : 556) * size / 1000 * (bold ? 1.06 : 1);

    /// <summary>Maps text onto WinAnsi (Windows-1252): Latin-1 as is, a few typographic marks, accents stripped, else '?'.</summary>
    internal static string ToWinAnsi(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\n' or (>= ' ' and <= '~') or (>= '\u00a0' and <= '\u00ff'))
            {
                result.Append(c);
            }
            else if (WinAnsiExtras.TryGetValue(c, out var code))
            {
                result.Append(code);
            }
            else if (c == '\t')
            {
                result.Append(' ');
            }
            else
            {
                var stripped = c.ToString().Normalize(NormalizationForm.FormD)[0];
                result.Append(stripped is >= ' ' and <= '~' ? stripped : '?');
            }
        }
        return result.ToString();
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static readonly Encoding Latin1 = Encoding.Latin1;

    // Characters WinAnsi places in 0x80–0x9F, written as the Latin-1 code points the font's encoding maps them from.
    private static readonly Dictionary<char, char> WinAnsiExtras = new()
    {
        ['€'] = '\u0080', ['‚'] = '\u0082', ['„'] = '\u0084', ['…'] = '\u0085', ['•'] = '\u0095', ['–'] = '\u0096', ['—'] = '\u0097',
        ['‘'] = '\u0091', ['’'] = '\u0092', ['“'] = '\u0093', ['”'] = '\u0094', ['™'] = '\u0099', ['Š'] = '\u008a', ['š'] = '\u009a',
        ['Œ'] = '\u008c', ['œ'] = '\u009c', ['Ž'] = '\u008e', ['ž'] = '\u009e', ['Ÿ'] = '\u009f',
    };

    // Advance widths of Helvetica for ' ' to '~', in thousandths of the font size (from the standard AFM).
    private static readonly int[] HelveticaWidths =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ];
}
