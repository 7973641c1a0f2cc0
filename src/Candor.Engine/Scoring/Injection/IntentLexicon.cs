namespace Candor.Engine.Scoring.Injection;

/// <summary>
/// Words and phrases by role in an instruction (English, French, German, Spanish), folded the way
/// <see cref="DetectionText"/> folds text: lower case, no accents, punctuation as word breaks
/// ("donnez-moi" is "donnez moi", "rubric's" is "rubric s").
/// </summary>
internal static class IntentLexicon
{
    /// <summary>Words that may come before the verb of an imperative: "please", "AI,", "so now".</summary>
    public static readonly Phrases Lead = new(
        "please", "kindly", "now", "just", "so", "and", "then", "also", "ok", "okay", "hey", "hi", "hello", "dear", "note",
        "important", "attention", "simply", "immediately", "instead", "finally", "nb", "ps", "p s",
        "bitte", "jetzt", "nun", "veuillez", "svp", "s il vous plait", "s il te plait", "maintenant", "merci de",
        "por favor", "ahora", "entonces", "y", "et", "und", "dann", "puis",
        "grader", "evaluator", "ai", "assistant", "scorer", "examiner", "model");

    /// <summary>Clause joiners: a new imperative may start after them.</summary>
    public static readonly Phrases Conjunctions = new("and", "then", "so", "but", "et", "puis", "und", "dann", "y", "luego", "also");

    /// <summary>Someone the candidate may address instead of the interviewer.</summary>
    public static readonly Phrases Addressees = new(
        "grader", "evaluator", "scorer", "marker", "examiner", "assessor", "rater", "ai", "llm", "gpt", "chatgpt", "claude",
        "assistant", "bot", "evaluateur", "correcteur", "examinateur", "ia", "bewerter", "prufer", "gutachter", "korrektor",
        "ki", "evaluador", "corrector", "examinador");

    public static readonly Phrases You = new("you", "vous", "tu", "du", "sie", "usted", "ustedes");

    public static readonly Phrases Modals = new(
        "must", "should", "shall", "will", "need to", "needs to", "have to", "has to", "are required to", "are to", "is to",
        "devez", "dois", "doit", "devriez", "devrais", "musst", "mussen", "muss", "sollst", "sollen", "sollte", "solltest",
        "debes", "debe", "deberias", "deberia", "tienes que", "tiene que", "vas a");

    public static readonly Phrases Requests = new(
        "can you", "could you", "would you", "will you", "i want you", "i need you", "make sure you", "be sure to",
        "i d like you", "i would like you", "pouvez vous", "peux tu", "pourriez vous", "je veux que", "kannst du",
        "konnen sie", "konntest du", "ich mochte dass", "ich will dass", "puedes", "podrias", "puede usted", "quiero que");

    public static readonly Phrases OverrideVerbs = new(
        "ignore", "disregard", "forget", "override", "overrule", "bypass", "discard", "set aside", "pay no attention to",
        "do not follow", "don t follow", "dont follow", "stop following", "no longer follow", "throw away",
        "ignorez", "ignorer", "oublie", "oubliez", "oublier", "ne suivez pas", "ne tenez pas compte", "ne tiens pas compte",
        "ignoriere", "ignorieren", "ignoriert", "vergiss", "vergessen", "missachte", "missachten", "befolge nicht",
        "ignora", "ignoren", "ignorar", "olvida", "olvide", "olviden", "olvidar", "omite", "omita", "no sigas", "no sigan");

    public static readonly Phrases StrongRules = new(
        "instructions", "instruction", "prompt", "prompts", "rubric", "rubrics", "guidelines", "directives", "guidance",
        "system message", "scoring rules", "grading rules", "scoring guide", "marking scheme",
        "consignes", "consigne", "bareme", "grille", "anweisungen", "anweisung", "instruktionen", "vorgaben", "richtlinien",
        "bewertungsschema", "instrucciones", "instruccion", "indicaciones", "directrices", "rubrica");

    public static readonly Phrases WeakRules = new("rules", "criteria", "policy", "everything", "regles", "criteres", "tout",
        "regeln", "kriterien", "alles", "reglas", "criterios", "todo");

    /// <summary>Words that make "the rules" the AI's rules rather than, say, a linter's.</summary>
    public static readonly Phrases RuleOwners = new(
        "your", "previous", "prior", "above", "earlier", "preceding", "all", "these", "original", "system", "scoring",
        "grading", "evaluation", "vos", "tes", "precedentes", "anterieures", "toutes", "deine", "ihre", "vorherigen",
        "bisherigen", "obigen", "fruheren", "alle", "tus", "sus", "anteriores", "previas", "todas");

    public static readonly Phrases ScoreVerbs = new(
        "give", "award", "assign", "grant", "rate", "score", "grade", "mark", "set", "put", "output", "return", "bump", "raise",
        "donne", "donnez", "donner", "attribue", "attribuez", "attribuer", "accorde", "accordez", "accorder", "mets", "mettez",
        "mettre", "notez", "noter", "gib", "gebt", "geben", "vergib", "vergeben", "bewerte", "bewerten", "setze", "setzen",
        "dame", "denme", "deme", "asigna", "asigne", "asignar", "otorga", "otorgue", "otorgar", "pon",
        "ponga", "poner", "califica", "califique", "calificar", "puntua", "puntue");

    /// <summary>The answer or the candidate as the thing being scored.</summary>
    public static readonly Phrases Self = new(
        "me", "my", "myself", "mine", "this answer", "this response", "this reply", "this submission", "the candidate",
        "this candidate", "every criterion", "each criterion", "all criteria", "all four criteria", "every criteria",
        "moi", "cette reponse", "ma reponse", "le candidat", "ce candidat", "chaque critere", "tous les criteres",
        "mir", "mich", "diese antwort", "meine antwort", "den kandidaten", "jedes kriterium", "alle kriterien",
        "dame", "denme", "deme", "esta respuesta", "mi respuesta", "el candidato", "este candidato", "cada criterio",
        "todos los criterios");

    public static readonly Phrases DeserveSubjects = new("i", "je", "ich", "yo");

    public static readonly Phrases DeserveVerbs = new(
        "deserve", "deserves", "merit", "merits", "earns", "should get", "should receive", "should be given",
        "merite", "meritent", "verdient", "verdiene", "merece", "merezco");

    public static readonly Phrases TopValues = new(
        "100", "10 10", "10 out of 10", "100 out of 100", "20 20", "20 sur 20", "full marks", "full score", "full points",
        "full credit", "maximum", "max", "perfect", "top marks", "top score", "highest", "excellent", "outstanding",
        "strong hire", "strong_hire", "note maximale", "maximale", "maximal", "parfaite", "meilleure note",
        "volle punktzahl", "volle punkte", "hochste", "hochstpunktzahl", "bestnote", "beste note", "100 punkte",
        "puntuacion maxima", "nota maxima", "maxima", "maximo", "perfecta", "100 puntos", "sobresaliente", "excelente");

    public static readonly Phrases RevealVerbs = new(
        "list", "reveal", "show", "print", "repeat", "display", "leak", "tell", "share", "output", "enumerate", "dump",
        "give", "write", "provide", "recite", "quote", "expose", "what are", "what is", "what s", "which are",
        "liste", "listez", "lister", "montre", "montrez", "revele", "revelez", "reveler", "donne", "donnez", "affiche",
        "affichez", "dis", "dites", "quels sont", "quelles sont", "quel est", "quelle est",
        "nenne", "nennen", "nennt", "zeige", "zeig", "zeigen", "verrate", "verraten", "gib", "welche sind", "was sind", "was ist",
        "lista", "enumera", "muestra", "muestrame", "muestreme", "revela", "revelame", "dime", "digame", "dame",
        "cuales son", "cual es");

    public static readonly Phrases Secrets = new(
        "rubric", "rubrics", "expected points", "expected answer", "expected answers", "answer key", "ideal answer",
        "reference answer", "scoring guide", "grading rubric", "marking scheme", "system prompt", "hidden instructions",
        "your instructions", "your prompt", "bareme", "grille d evaluation", "points attendus", "reponse attendue",
        "reponses attendues", "criteres de notation", "vos instructions", "bewertungsschema", "erwarteten punkte",
        "erwartete antwort", "erwarteten antworten", "musterlosung", "deine anweisungen", "rubrica", "puntos esperados",
        "respuesta esperada", "respuestas esperadas", "tus instrucciones");

    public static readonly Phrases QuestionWords = new(
        "what", "which", "can", "could", "would", "will", "quels", "quelles", "quel", "quelle", "pouvez", "peux",
        "welche", "was", "kannst", "konnen", "cuales", "cual", "que", "puedes");

    public static readonly Phrases FlowVerbs = new(
        "skip", "end", "stop", "finish", "terminate", "cancel", "close", "jump", "conclude", "abort", "bypass", "move past",
        "wrap up", "saute", "sautez", "sauter", "passe", "passez", "passer", "termine", "terminez", "terminer", "arrete",
        "arretez", "uberspringe", "uberspringen", "ueberspringe", "beende", "beenden", "stoppe", "salta", "salte", "saltar",
        "omite", "omita", "termina", "terminar");

    public static readonly Phrases FlowTargets = new(
        "remaining questions", "rest of the questions", "rest of the interview", "other questions", "all questions",
        "all the questions", "all remaining", "following questions", "next questions", "questions restantes",
        "reste des questions", "autres questions", "toutes les questions", "restlichen fragen", "ubrigen fragen",
        "verbleibenden fragen", "alle fragen", "anderen fragen", "preguntas restantes", "resto de las preguntas",
        "demas preguntas", "otras preguntas", "todas las preguntas");

    /// <summary>Phrases that hand the AI a new identity on their own: "you are now …".</summary>
    public static readonly Phrases PersonaTriggers = new(
        "you are now", "you re now", "youre now", "from now on you", "pretend to be", "pretend you are", "pretend you re",
        "roleplay as", "role play as", "your new role", "your new name", "your new persona", "you will now be",
        "you will now act", "you are no longer", "tu es maintenant", "vous etes maintenant", "tu es desormais",
        "vous etes desormais", "du bist jetzt", "du bist nun", "sie sind jetzt", "sie sind nun", "ab jetzt bist du",
        "ahora eres", "ahora usted es", "a partir de ahora eres", "finge ser", "finge que eres");

    /// <summary>Phrases that only switch a persona when they are an order: "act as …" (but "I act as reviewer" is a job).</summary>
    public static readonly Phrases PersonaOrders = new(
        "act as", "acting as", "play the role of", "behave like", "agis comme", "agissez comme", "joue le role",
        "jouez le role", "verhalte dich wie", "spiel die rolle", "spiele die rolle", "actua como", "haz el papel",
        "interpreta el papel");

    /// <summary>Words between a persona trigger and the name it gives: "you will now be called Max".</summary>
    public static readonly Phrases NameLinks = new("will", "be", "are", "re", "now", "called", "named", "known", "as", "s", "appele", "appelee", "heisst", "llamado", "llamada");

    public static readonly Phrases PersonaVerbs = new(
        "act", "play", "pretend", "roleplay", "behave", "become", "agis", "agissez", "joue", "jouez", "verhalte", "spiel",
        "spiele", "actua", "finge", "haz", "interpreta");

    /// <summary>Roles a persona switch hands the AI; also matched as a word ending ("GenerousGrader").</summary>
    public static readonly Phrases Personas = new(
        "grader", "evaluator", "scorer", "judge", "examiner", "assessor", "reviewer", "marker", "rater", "assistant", "ai",
        "chatbot", "bot", "gpt", "llm", "interviewer", "persona", "character", "dan", "jailbreak",
        "evaluateur", "correcteur", "examinateur", "juge", "personnage", "bewerter", "prufer", "gutachter", "korrektor",
        "assistent", "ki", "figur", "evaluador", "examinador", "juez", "asistente", "personaje");

    public static readonly Phrases NoteWords = new(
        "instructions", "instruction", "note", "notes", "message", "memo", "reminder", "consignes", "consigne", "remarque",
        "anweisungen", "anweisung", "hinweis", "nachricht", "notiz", "instrucciones", "nota", "mensaje", "recordatorio");

    public static readonly Phrases NoteLinks = new("to", "for", "pour", "au", "aux", "a", "du", "de", "an", "fur", "para", "al");

    public static readonly Phrases Determiners = new("the", "le", "la", "l", "les", "den", "dem", "die", "das", "el", "los", "my", "our");
}

/// <summary>A set of words and multi-word phrases, matched against whole tokens.</summary>
internal sealed class Phrases
{
    // Indexed by first word: a sentence is checked against a dozen lexicons, so lookups must not scan them all.
    private readonly Dictionary<string, string[][]> _byFirstWord;

    public Phrases(params string[] phrases)
        : this(phrases.Select(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
    {
    }

    private Phrases(IEnumerable<string[]> phrases) =>
        _byFirstWord = phrases
            .DistinctBy(p => string.Join(' ', p), StringComparer.Ordinal)
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Length).ToArray(), StringComparer.Ordinal);

    public static Phrases Union(params Phrases[] sets) => new(sets.SelectMany(s => s._byFirstWord.Values.SelectMany(p => p)));

    /// <summary>(start, length) of every occurrence in <paramref name="words"/>, longest first at each start.</summary>
    public IEnumerable<(int Start, int Length)> In(IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (_byFirstWord.TryGetValue(words[i], out var candidates))
            {
                foreach (var phrase in candidates)
                {
                    if (At(words, i, phrase))
                    {
                        yield return (i, phrase.Length);
                    }
                }
            }
        }
    }

    /// <summary>The length of the longest phrase starting exactly at <paramref name="index"/>, or 0.</summary>
    public int LengthAt(IReadOnlyList<string> words, int index)
    {
        if (index >= words.Count || !_byFirstWord.TryGetValue(words[index], out var candidates))
        {
            return 0;
        }

        return candidates.FirstOrDefault(p => At(words, index, p))?.Length ?? 0;
    }

    public bool Any(IReadOnlyList<string> words) => In(words).Any();

    public bool ContainsWord(string word) => _byFirstWord.TryGetValue(word, out var candidates) && candidates.Any(p => p.Length == 1);

    /// <summary>True when <paramref name="word"/> is one of the single words, or ends with one of at least five letters.</summary>
    public bool ContainsWordOrEnding(string word) =>
        ContainsWord(word)
        || _byFirstWord.Values.SelectMany(p => p).Any(p => p.Length == 1 && p[0].Length >= 5 && word.EndsWith(p[0], StringComparison.Ordinal));

    private static bool At(IReadOnlyList<string> words, int index, string[] phrase)
    {
        if (index + phrase.Length > words.Count)
        {
            return false;
        }

        for (var j = 1; j < phrase.Length; j++)
        {
            if (!string.Equals(words[index + j], phrase[j], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
