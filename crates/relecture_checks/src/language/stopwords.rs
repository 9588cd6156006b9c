//! The most frequent function words of the languages the cheap detection pass knows.

/// `(ISO 639-1 code, words)`; words are lowercase, elided forms (`l`, `d`, `qu`) included.
pub(super) const STOPWORDS: &[(&str, &[&str])] = &[
    (
        "fr",
        &[
            "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "et", "est", "sont", "en", "au", "aux", "que",
            "qu", "qui", "dans", "pour", "par", "sur", "avec", "ne", "pas", "plus", "ce", "cette", "ces", "cet", "il",
            "elle", "ils", "elles", "nous", "vous", "leur", "leurs", "son", "sa", "ses", "se", "s", "c", "n", "j", "y",
            "mais", "ou", "donc", "ainsi", "comme", "aussi", "être", "avoir", "été", "sont", "ont", "fait", "peut",
            "tout", "tous", "toute", "toutes", "très", "bien", "entre", "sans", "sous", "dont", "où", "lorsque",
            "quand", "afin", "selon", "chez", "vers", "notre", "nos", "votre", "vos", "lui", "même", "autres",
            "aujourd",
        ],
    ),
    (
        "en",
        &[
            "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "with", "was", "on", "be", "by", "this",
            "are", "or", "from", "at", "an", "which", "not", "have", "has", "had", "but", "they", "their", "its",
            "can", "will", "would", "should", "could", "there", "these", "those", "been", "were", "into", "than",
            "more", "also", "when", "what", "how", "such", "other", "about", "if", "we", "you", "your", "our", "them",
            "then", "so", "do", "does", "one", "all", "any", "each", "may", "between", "through", "without", "while",
            "where", "who", "whether", "because", "only", "both", "most", "many", "used", "use", "using",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "einen", "dem", "den", "des", "zu", "mit",
            "sich", "auf", "für", "von", "im", "auch", "es", "an", "werden", "wird", "sind", "bei", "oder", "nach",
            "wie", "aus", "wenn", "noch", "nur", "kann", "über", "einer", "diese", "dieser", "zum", "zur", "vom",
            "durch", "sie", "wir",
        ],
    ),
    (
        "es",
        &[
            "el", "la", "los", "las", "de", "del", "y", "que", "en", "un", "una", "es", "por", "con", "para", "se",
            "no", "al", "lo", "como", "más", "pero", "sus", "su", "le", "ya", "o", "este", "esta", "son", "entre",
            "cuando", "muy", "sin", "sobre", "también", "hay", "donde", "desde", "todo", "nos", "durante", "ser",
        ],
    ),
    (
        "it",
        &[
            "il", "lo", "la", "i", "gli", "le", "di", "del", "della", "dei", "e", "che", "è", "un", "una", "per", "in",
            "con", "non", "si", "da", "al", "alla", "come", "più", "ma", "sono", "anche", "questo", "questa", "nel",
            "nella", "tra", "fra", "essere", "ha", "hanno", "se", "perché", "quando", "dove", "sul", "sulla", "degli",
        ],
    ),
    (
        "pt",
        &[
            "o", "a", "os", "as", "de", "do", "da", "dos", "das", "e", "que", "em", "um", "uma", "para", "com", "não",
            "no", "na", "por", "mais", "se", "como", "mas", "foi", "ao", "ele", "ela", "seu", "sua", "ou", "ser",
            "quando", "muito", "nos", "já", "está", "também", "só", "pelo", "pela", "até", "isso", "entre", "são",
        ],
    ),
    (
        "nl",
        &[
            "de", "het", "een", "en", "van", "in", "is", "dat", "op", "te", "zijn", "voor", "met", "die", "niet",
            "aan", "er", "om", "ook", "als", "bij", "of", "door", "maar", "over", "naar", "dan", "wordt", "worden",
            "deze", "uit", "kan", "nog", "wel", "geen", "zij", "wij", "hij", "ze", "was", "heeft", "hebben", "tot",
            "dit",
        ],
    ),
];
