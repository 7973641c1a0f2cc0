using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Candor.Web.Features.CandidateResults;

/// <summary>
/// Flowing A4 layout over PDFsharp: headings, wrapped paragraphs, score bars, monospace code blocks and images,
/// breaking pages as it goes; <see cref="ToBytes"/> then stamps every page with its header and "Page N of M".
/// </summary>
public sealed class PdfFlow : IDisposable
{
    private const double Margin = 50, HeaderSpace = 28, FooterSpace = 28, LineGap = 1.3;
    private static readonly XColor Accent = XColor.FromArgb(59, 92, 219);
    private static readonly XBrush Text = XBrushes.Black;
    private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(90, 90, 90));

    private readonly PdfDocument _document = new();
    private readonly string _header;
    private XGraphics _graphics = null!;
    private PdfPage _page = null!;
    private double _y;

    public PdfFlow(string title, string header)
    {
        ReportFonts.EnsureInstalled();
        _document.Info.Title = title;
        _document.Info.Creator = "Candor";
        _header = header;
        NewPage();
    }

    private double Width => _page.Width.Point - 2 * Margin;
    private double Bottom => _page.Height.Point - Margin - FooterSpace;

    private static XFont Font(double size, bool bold = false) => new(ReportFonts.Sans, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

    public PdfFlow Heading(string text, double size = 14) => Gap(size * 0.6).Paragraph(text, size, bold: true);

    public PdfFlow Gap(double points)
    {
        _y += points;
        return this;
    }

    /// <summary>Text wrapped at spaces to the page width (or <paramref name="indent"/>ed); a word longer than a line is cut.</summary>
    public PdfFlow Paragraph(string text, double size = 10, bool bold = false, double indent = 0, bool muted = false)
    {
        var font = Font(size, bold);
        foreach (var line in Wrap(text, font, Width - indent))
        {
            Line(size * LineGap);
            _graphics.DrawString(line, font, muted ? Muted : Text, Margin + indent, _y - size * LineGap, XStringFormats.TopLeft);
        }
        return this;
    }

    /// <summary>A labelled bar for a 0–100 score with the number beside it, and an optional note after the number.</summary>
    public PdfFlow ScoreBar(string label, int score, string? note = null)
    {
        const double size = 10, labelWidth = 170, barWidth = 200;
        var font = Font(size);
        Line(size * 1.8);
        var top = _y - size * 1.8;
        _graphics.DrawString(Wrap(label, font, labelWidth - 8).FirstOrDefault() ?? "", font, Text, Margin, top, XStringFormats.TopLeft);
        var barX = Margin + labelWidth;
        _graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(230, 230, 230)), barX, top + 1, barWidth, 9);
        _graphics.DrawRectangle(new XSolidBrush(Accent), barX, top + 1, barWidth * Math.Clamp(score, 0, 100) / 100.0, 9);
        _graphics.DrawString($"{score}{note}", Font(size, bold: true), Text, barX + barWidth + 8, top, XStringFormats.TopLeft);
        return this;
    }

    /// <summary>Code as it was typed: monospace on a grey band, indentation kept, long lines wrapped at the band's edge.</summary>
    public PdfFlow Code(string code, double size = 8.5)
    {
        var font = new XFont(ReportFonts.Mono, size, XFontStyleEx.Regular);
        var charWidth = _graphics.MeasureString("M", font).Width;
        var perLine = Math.Max(20, (int)((Width - 12) / charWidth));
        var band = new XSolidBrush(XColor.FromArgb(244, 244, 246));
        foreach (var raw in code.Replace("\r", "", StringComparison.Ordinal).Replace("\t", "    ", StringComparison.Ordinal).Split('\n'))
        {
            var rest = raw;
            do
            {
                var line = rest.Length > perLine ? rest[..perLine] : rest;
                rest = rest.Length > perLine ? rest[perLine..] : "";
                Line(size * 1.35);
                var top = _y - size * 1.35;
                _graphics.DrawRectangle(band, Margin, top, Width, size * 1.35);
                _graphics.DrawString(line, font, Text, Margin + 6, top + size * 0.15, XStringFormats.TopLeft);
            }
            while (rest.Length > 0);
        }
        return Gap(4);
    }

    /// <summary>An image scaled to the text width (and at most a third of a page high), with a caption under it.</summary>
    public PdfFlow Image(byte[] bytes, string caption)
    {
        using var image = XImage.FromStream(new MemoryStream(bytes));
        var scale = Math.Min(1, Math.Min(Width / image.PointWidth, (Bottom - Margin - HeaderSpace) / 3 / image.PointHeight));
        var (width, height) = (image.PointWidth * scale, image.PointHeight * scale);
        Line(height + 4);
        _graphics.DrawRectangle(new XPen(XColor.FromArgb(200, 200, 200), 0.5), Margin, _y - height - 4, width, height);
        _graphics.DrawImage(image, Margin, _y - height - 4, width, height);
        return Paragraph(caption, 8.5, muted: true);
    }

    /// <summary>Stamps each page with the header and "Page N of M", then returns the file.</summary>
    public byte[] ToBytes()
    {
        _graphics.Dispose();
        var count = _document.PageCount;
        var small = Font(8.5);
        for (var i = 0; i < count; i++)
        {
            var page = _document.Pages[i];
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            graphics.DrawString(_header, small, Muted, Margin, Margin - 14, XStringFormats.TopLeft);
            graphics.DrawLine(new XPen(XColor.FromArgb(210, 210, 210), 0.5), Margin, Margin + 2, page.Width.Point - Margin, Margin + 2);
            graphics.DrawString($"Page {i + 1} of {count}", small, Muted, page.Width.Point - Margin, page.Height.Point - Margin, XStringFormats.BottomRight);
        }
        using var output = new MemoryStream();
        _document.Save(output, closeStream: false);
        return output.ToArray();
    }

    public void Dispose()
    {
        _graphics?.Dispose();
        _document.Dispose();
    }

    /// <summary>Moves down by <paramref name="height"/>, starting a new page first if it would not fit.</summary>
    private void Line(double height)
    {
        if (_y + height > Bottom)
        {
            _graphics.Dispose();
            NewPage();
        }
        _y += height;
    }

    private void NewPage()
    {
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin + HeaderSpace;
    }

    private IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (line.Length > 0 && Measure(candidate, font) > width)
                {
                    yield return line;
                    candidate = word;
                }
                // A single word wider than the line (a URL, a hash) is cut rather than run off the page.
                while (Measure(candidate, font) > width && candidate.Length > 1)
                {
                    var fit = candidate.Length - 1;
                    while (fit > 1 && Measure(candidate[..fit], font) > width)
                    {
                        fit--;
                    }
                    yield return candidate[..fit];
                    candidate = candidate[fit..];
                }
                line = candidate;
            }
            yield return line;
        }
    }

    private double Measure(string text, XFont font) => _graphics.MeasureString(text, font).Width;
}
