# The messages of relecture's built-in rules, in English.
#
# Each entry has its French twin in fr.ftl, with the same variables: a test checks it, and that
# every id the checks use is here. The English text is also what fingerprints are made from
# (when a rule has no text of its own to identify a finding), so a change here is a change of
# the reports' text only if the rule sets its fingerprint text, which every rule of relecture does.

## Passages, as the subject of a sentence: $what is quotation, heading, item or paragraph.

passage = { $what ->
    [quotation] this quotation
    [heading] this heading
    [item] this list item
   *[paragraph] this paragraph
}

## Related locations

related-first-copy = first copy
related-first-heading = first heading
related-first-occurrence = first occurrence
related-also-here = also here
related-similar-paragraph = similar paragraph
related-source-passage = source passage
related-source-page = source page
related-written-in = written in { $language }

## Links

bare-url = `{ $url }` is written as plain text; make it a link
broken-link-missing = `{ $link }` leads nowhere: { $resolved } does not exist in this revision
broken-link-outside = `{ $link }` points outside the repository
missing-anchor = `#{ $fragment }` is not an anchor of { $path } (anchors: { $anchors })
missing-anchor-no-heading = `#{ $fragment }` is not an anchor of { $path }, which has no heading
unverifiable-anchor-include = `#{ $fragment }` cannot be verified: { $path } includes content whose anchors only the built site shows
unverifiable-link = `{ $link }` cannot be verified: { $reason }
unverifiable-folder = `{ $link }` cannot be verified: the folder has no index page, the generator makes one
reason-template = the destination is template syntax the generator fills in
reason-unrendered = the page is only included in others, where its relative links resolve
reason-outside-site = { $path } is published outside the site
reason-render-hook = the site's link render hook ({ $hook }) resolves bare words
reason-extension = the repository holds no .{ $extension } file: such files are kept elsewhere
reason-forge = it climbs above the repository's files to the forge's pages (issues, wiki, releases)
reason-static-missing = the folder the site copies its files from is not in the repository
reason-served-elsewhere = { $url } is served by what the repository does not hold
reason-empty-ref = an empty ref
dead-link = `{ $url }` is dead: { $reason }
dead-link-unverified = `{ $url }` could not be verified: { $reason }
http-deadline = not checked: the online check reached its deadline ({ $seconds } s, `[links] deadline`)
http-redirect-not-url = redirect { $status } to `{ $location }`, not a URL
http-redirect-no-location = redirect { $status } without a location
http-not-found = 404 Not Found
http-gone = 410 Gone
http-refused = { $status } (access refused to the checker)
http-too-many-requests = 429 Too Many Requests
http-server-error = server error { $status }
http-status = HTTP status { $status }
http-too-many-redirects = more than { $count } redirects
http-no-host = the host does not exist
http-timeout = timed out
http-bad-url = not a valid URL ({ $reason })
http-internal-address = not fetched: the host is an internal address ({ $address }); `allow_private` allows it
http-connection-refused = connection refused

## Duplicates

duplicate-paragraph = this paragraph already appears on line { $line }
duplicate-heading = the heading « { $heading } » already appears on line { $line }
repeated-word = « { $word } » is repeated
repeated-phrase = « { $phrase } » is written twice
repeated-sentence = this sentence already appears on line { $line }
cross-duplicate = this paragraph also appears in { $path }:{ $line }
cross-duplicate-boilerplate = this paragraph appears in { $count } { $count ->
    [one] article
   *[other] articles
}: boilerplate (a footer or notice), reported once
near-duplicate = this paragraph is { $percent }% the same as one in { $path }:{ $line }

## Language

mixed-language = { passage } is in { $detected } ({ $detected-code }, confidence { $confidence }) while the article is in { $reference } ({ $reference-code })
language-mismatch = the article is declared { $declared } ({ $declared-code }) { $origin } but its text is in { $detected } ({ $detected-code }, confidence { $confidence })
declared-by-front-matter = by its front matter
declared-by-glob = by the `[language.paths]` glob `{ $glob }`
declared-by-path = by its path
declared-by-default = by `[language] default`
declared-by-site = by the site's configuration
language-undeclared = { $count ->
    [one] this article declares no language, and neither does the site: set `lang` in its front matter, or `[language] default` in relecture.toml
   *[other] { $count } articles declare no language, and neither does the site (this is the first): declare it once with `[language] default` or a `[language.paths]` glob in relecture.toml, or in the site's configuration
}
untranslated-passage = { passage } is the same as its source in { $path }:{ $line } and in { $source }: it was not translated into { $language }
untranslated-passage-similar = { passage } is { $percent }% the same as its source in { $path }:{ $line } and in { $source }: it was not translated into { $language }
untranslated-page = this page is the same as its source { $path } and in { $source }: it was not translated into { $language }

## Front matter

frontmatter-missing-field = the required field `{ $field }` is missing from the front matter
frontmatter-missing-front-matter = the article has no front matter, so the required field `{ $field }` is missing
frontmatter-wrong-type = `{ $key }` should be { $expected }, not { $found }
frontmatter-empty = `{ $key }` is empty; it should be { $expected }
frontmatter-list-item = `{ $key }` should be a list of strings, but holds { $found }
frontmatter-not-language = `{ $key }` "{ $value }" is not a language: use an ISO 639-1 code such as fr or en, optionally with a region (fr-FR)
frontmatter-language-type = `{ $key }` should be a language code such as fr, not { $found }
frontmatter-malformed-date = `{ $key }` should be a date (YYYY-MM-DD), not "{ $value }"
frontmatter-malformed-datetime = `{ $key }` should be a datetime (YYYY-MM-DDTHH:MM:SS), not "{ $value }"
frontmatter-no-month = `{ $key }` "{ $value }" is not a real date: there is no month { $month }
frontmatter-short-month = `{ $key }` "{ $value }" is not a real date: { month-name } { $year } has { $days } days
month-name = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
frontmatter-unclosed = the { $format } front matter opened on line 1 is never closed by a `{ $fence }` line
frontmatter-invalid-yaml = invalid YAML: { $reason }
frontmatter-invalid-toml = invalid TOML: { $reason }
frontmatter-documents = front matter holds more than one YAML document
frontmatter-too-deep = front matter nests deeper than { $depth } levels
frontmatter-too-many-values = front matter holds more than { $count } values
frontmatter-document-too-large = the document holds more than { $count } values
frontmatter-key-not-text = front matter keys must be plain text
frontmatter-duplicate-key = duplicate key `{ $key }`
frontmatter-not-mapping = front matter must be a mapping of keys to values, not a { $type }
frontmatter-integer-range = integer `{ $value }` is out of range
type-name = { $type ->
    [null] a null
    [bool] a boolean
    [integer] an integer
    [float] a number
    [string] a string
    [datetime] a datetime
    [list] a list
    [map] a map
   *[other] an alias
}
type-string = a string
type-date = a date
type-datetime = a datetime
type-bool = a boolean
type-integer = an integer
type-list = a list
type-string-list = a list of strings
value-string = the string "{ $value }"
value-integer = the integer { $value }
value-boolean = the boolean { $value }
value-number = the number { $value }
value-other = { type-name }

## Translations

translation-outdated = { $source } changed in { $commits ->
    [one] one commit
   *[other] { $commits } commits
} since this translation was brought up to date ({ $paragraphs ->
    [0] no paragraph
    [one] one paragraph
   *[other] { $paragraphs } paragraphs
} changed, the first change on { $date })
translation-outdated-unknown-commit = { $outdated }; the commit { $named } named in its front matter is not in this history, so its last commit stood for it
translation-missing = no translation of this page in { $count ->
    [one] { $languages }, a language
   *[other] { $languages }, languages
} the site publishes
translation-orphan = this page in { $language } has no source: no page of the source language is at its place, and none moved from it
translation-to-update = this change leaves { $count ->
    [one] one translation
   *[other] { $count } translations
} to update (with the paragraphs each is behind): { $translations }
translation-updated = this change brings this translation up to date with { $source }, which it was { $commits ->
    [one] one commit
   *[other] { $commits } commits
} behind
related-translation-behind = translation behind
related-code-added = code block added
related-code-changed = code block changed
related-code-removed = code block removed here: "{ $excerpt }"
related-paragraph-added = paragraph added
related-paragraph-reworded = paragraph reworded
related-paragraph-removed = paragraph removed here: "{ $excerpt }"

## Files relecture cannot read, and suppressions

unreadable-not-utf8 = the file is not valid UTF-8 (first invalid byte at line { $line }, offset { $offset }); re-encode it as UTF-8
unreadable-binary = the file is binary (it contains NUL bytes), not Markdown text
unreadable-too-large = the file is { $size } bytes, over the { $limit }-byte limit (`max_file_size`); it was not read
unreadable-lfs-pointer = the file is a git LFS pointer: its text is not in the repository
unreadable-utf16 = the file is UTF-16 text; re-encode it as UTF-8
unreadable-unavailable = the file could not be read: { $reason }
unused-suppression = this suppression comment suppresses no finding

## Language names, by ISO 639-1 code (ISO 639-3 where there is none)

language-af = Afrikaans
language-ak = Akan
language-am = Amharic
language-ar = Arabic
language-az = Azerbaijani
language-be = Belarusian
language-bg = Bulgarian
language-bn = Bengali
language-ca = Catalan
language-cs = Czech
language-cy = Welsh
language-da = Danish
language-de = German
language-el = Greek
language-en = English
language-eo = Esperanto
language-es = Spanish
language-et = Estonian
language-fa = Persian
language-fi = Finnish
language-fr = French
language-gu = Gujarati
language-he = Hebrew
language-hi = Hindi
language-hr = Croatian
language-hu = Hungarian
language-hy = Armenian
language-id = Indonesian
language-it = Italian
language-ja = Japanese
language-jv = Javanese
language-ka = Georgian
language-km = Khmer
language-kn = Kannada
language-ko = Korean
language-la = Latin
language-lt = Lithuanian
language-lv = Latvian
language-mk = Macedonian
language-ml = Malayalam
language-mr = Marathi
language-my = Burmese
language-nb = Bokmal
language-ne = Nepali
language-nl = Dutch
language-or = Oriya
language-pa = Punjabi
language-pl = Polish
language-pt = Portuguese
language-ro = Romanian
language-ru = Russian
language-si = Sinhalese
language-sk = Slovak
language-sl = Slovene
language-sn = Shona
language-sr = Serbian
language-sv = Swedish
language-ta = Tamil
language-te = Telugu
language-th = Thai
language-tk = Turkmen
language-tl = Tagalog
language-tr = Turkish
language-uk = Ukrainian
language-ur = Urdu
language-uz = Uzbek
language-vi = Vietnamese
language-yi = Yiddish
language-zh = Mandarin
language-zu = Zulu
language-no = Bokmal

## The reports' own words

summary-none = No findings in { $articles } { $articles ->
    [one] article
   *[other] articles
}.
summary-found = Found { $findings } { $findings ->
    [one] finding
   *[other] findings
} ({ $errors } { $errors ->
    [one] error
   *[other] errors
}, { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
}, { $infos } { $infos ->
    [one] info
   *[other] infos
}) in { $articles } { $articles ->
    [one] article
   *[other] articles
}.
summary-against = Against { $base }: { $new } new, { $existing } existing, { $fixed } fixed.
summary-the-base = the base
summary-skipped = { $count } { $count ->
    [one] file
   *[other] files
} skipped.
summary-unverifiable = { $count } { $count ->
    [one] link
   *[other] links
} could not be verified.
summary-unverifiable-hidden = { $count } { $count ->
    [one] link could not be verified (`--verbose` lists it).
   *[other] links could not be verified (`--verbose` lists them).
}
markdown-counts = { $findings } findings in { $articles } articles: { $errors } errors, { $warnings } warnings, { $infos } infos.
markdown-family = family
markdown-status = status
markdown-errors = errors
markdown-warnings = warnings
markdown-infos = infos
markdown-findings = Findings
markdown-new-findings = New findings
markdown-line = line { $line }

## The translations report (`relecture translations`)

translations-heading = Translations from { $source } at { $at }
translations-heading-no-source = Translations at { $at }
translations-no-history = (no git history: which translations are behind is unknown)
translations-at-worktree = the working tree
translations-at-index = the index
translations-at-folder = the folder
translations-none = No translated page.
translations-column-language = language
translations-column-up-to-date = up to date
translations-column-outdated = outdated
translations-column-missing = missing
translations-column-orphan = orphan
translations-column-unknown = unknown
translations-column-translation = translation
translations-column-source = source
translations-column-state = state
translations-column-words = words
translations-column-behind = behind
translations-column-since = since
translations-column-changed = changed paragraphs
translations-tally = { $pages } ({ $words } { $count ->
    [one] word
   *[other] words
})
translations-how-far = { $commits ->
    [one] 1 commit
   *[other] { $commits } commits
} and { $paragraphs ->
    [one] 1 paragraph
   *[other] { $paragraphs } paragraphs
}
translations-outdated = Outdated
translations-behind = { $path }: { $how } behind { $source }, since { $date }
translations-unknown-commit = (its front matter names { $commit }, which this history does not hold: its last commit stood for it)
translations-change = { $change ->
    [added] added
    [reworded] reworded
    [removed] removed
    [code-added] code added
    [code-changed] code changed
   *[code-removed] code removed
}
translations-without-source = Without source
translations-not-translated = Not translated
translations-not-translated-count = Not translated: { $count } pages in all (--lang L lists those of one language)
translations-missing-page = { $path } ({ $language }, { $words } words)
translations-html-per-language = Pages per language
translations-html-pages = Translated pages
translations-html-help = Click a heading to sort. Outdated pages list the source paragraphs that changed.
