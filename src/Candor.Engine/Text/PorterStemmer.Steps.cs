using System.Text;

namespace Candor.Engine.Text;

/// <summary>The numbered Porter2 steps, in the order the algorithm applies them.</summary>
public static partial class PorterStemmer
{
    private static void Step0(StringBuilder w)
    {
        foreach (var suffix in (string[])["'s'", "'s", "'"])
        {
            if (EndsWith(w, suffix))
            {
                w.Length -= suffix.Length;
                return;
            }
        }
    }

    private static void Step1A(StringBuilder w)
    {
        if (EndsWith(w, "sses"))
        {
            Replace(w, 4, "ss");
        }
        else if (EndsWith(w, "ied") || EndsWith(w, "ies"))
        {
            Replace(w, 3, w.Length > 4 ? "i" : "ie");
        }
        else if (EndsWith(w, "us") || EndsWith(w, "ss"))
        {
            // unchanged
        }
        else if (EndsWith(w, "s") && w.Length >= 3 && HasVowel(w, 0, w.Length - 2))
        {
            w.Length -= 1;
        }
    }

    private static void Step1B(StringBuilder w, int r1)
    {
        foreach (var suffix in (string[])["eedly", "eed"])
        {
            if (EndsWith(w, suffix))
            {
                if (w.Length - suffix.Length >= r1)
                {
                    Replace(w, suffix.Length, "ee");
                }

                return;
            }
        }

        foreach (var suffix in (string[])["ingly", "edly", "ing", "ed"])
        {
            if (!EndsWith(w, suffix))
            {
                continue;
            }

            var stemEnd = w.Length - suffix.Length;
            if (!HasVowel(w, 0, stemEnd))
            {
                return;
            }

            w.Length = stemEnd;
            if (EndsWith(w, "at") || EndsWith(w, "bl") || EndsWith(w, "iz"))
            {
                w.Append('e');
            }
            else if (w.Length >= 2 && w[^1] == w[^2] && w[^1] is 'b' or 'd' or 'f' or 'g' or 'm' or 'n' or 'p' or 'r' or 't')
            {
                w.Length -= 1;
            }
            else if (IsShortWord(w, r1))
            {
                w.Append('e');
            }

            return;
        }
    }

    private static void Step1C(StringBuilder w)
    {
        if (w.Length > 2 && w[^1] is 'y' or 'Y' && !IsVowel(w[^2]))
        {
            w[^1] = 'i';
        }
    }

    private static void Step2(StringBuilder w, int r1)
    {
        foreach (var (suffix, replacement) in Step2Rules)
        {
            if (!EndsWith(w, suffix))
            {
                continue;
            }

            var start = w.Length - suffix.Length;
            if (start < r1)
            {
                return;
            }

            if (suffix == "ogi" && (start == 0 || w[start - 1] != 'l'))
            {
                return;
            }

            if (suffix == "li" && (start == 0 || w[start - 1] is not ('c' or 'd' or 'e' or 'g' or 'h' or 'k' or 'm' or 'n' or 'r' or 't')))
            {
                return;
            }

            Replace(w, suffix.Length, replacement);
            return;
        }
    }

    private static void Step3(StringBuilder w, int r1, int r2)
    {
        foreach (var (suffix, replacement) in Step3Rules)
        {
            if (!EndsWith(w, suffix))
            {
                continue;
            }

            var start = w.Length - suffix.Length;
            if (start >= r1 && (suffix != "ative" || start >= r2))
            {
                Replace(w, suffix.Length, replacement);
            }

            return;
        }
    }

    private static void Step4(StringBuilder w, int r2)
    {
        foreach (var suffix in Step4Suffixes)
        {
            if (!EndsWith(w, suffix))
            {
                continue;
            }

            var start = w.Length - suffix.Length;
            if (start < r2)
            {
                return;
            }

            if (suffix == "ion" && (start == 0 || w[start - 1] is not ('s' or 't')))
            {
                return;
            }

            w.Length = start;
            return;
        }
    }

    private static void Step5(StringBuilder w, int r1, int r2)
    {
        if (EndsWith(w, "e"))
        {
            var start = w.Length - 1;
            if (start >= r2 || (start >= r1 && !EndsInShortSyllable(w, start)))
            {
                w.Length = start;
            }
        }
        else if (EndsWith(w, "l") && w.Length - 1 >= r2 && w.Length >= 2 && w[^2] == 'l')
        {
            w.Length -= 1;
        }
    }
}
