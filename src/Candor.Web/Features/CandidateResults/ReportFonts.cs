using PdfSharp.Fonts;

namespace Candor.Web.Features.CandidateResults;

/// <summary>
/// The fonts the PDF report embeds: DejaVu Sans (text) and DejaVu Sans Mono (submitted code), read from the machine.
/// PDFsharp finds no system fonts on Linux by itself; DejaVu covers Latin, Greek and Cyrillic, so a candidate named
/// Łukasz or Σοφία prints as written. ./candor installs them (Debian package fonts-dejavu-core) where missing.
/// </summary>
public sealed class ReportFonts : IFontResolver
{
    public const string Sans = "DejaVu Sans";
    public const string Mono = "DejaVu Sans Mono";

    /// <summary>Where Debian (fonts-dejavu-core), Fedora and Alpine put them; CANDOR_FONT_DIR overrides.</summary>
    private static readonly string[] Directories =
        [Environment.GetEnvironmentVariable("CANDOR_FONT_DIR") ?? "", "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu-sans-fonts", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF"];

    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["sans"] = "DejaVuSans.ttf",
        ["sans-bold"] = "DejaVuSans-Bold.ttf",
        ["mono"] = "DejaVuSansMono.ttf",
    };

    private static readonly Lock Gate = new();

    /// <summary>Installs the resolver once per process (PDFsharp's font settings are global).</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not ReportFonts)
            {
                GlobalFontSettings.FontResolver = new ReportFonts();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => familyName switch
    {
        Mono => new FontResolverInfo("mono"),
        _ => new FontResolverInfo(bold ? "sans-bold" : "sans"),
    };

    public byte[]? GetFont(string faceName)
    {
        var file = Files[faceName];
        foreach (var directory in Directories.Where(d => d.Length > 0))
        {
            var path = Path.Combine(directory, file);
            if (File.Exists(path))
            {
                return File.ReadAllBytes(path);
            }
        }
        throw new InvalidOperationException(
            $"The PDF report needs the font {file} (Debian package fonts-dejavu-core; ./candor installs it). Set CANDOR_FONT_DIR to the folder holding it.");
    }
}
