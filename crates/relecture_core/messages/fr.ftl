# Les messages des règles intégrées de relecture, en français.
#
# Chaque entrée a sa jumelle dans en.ftl, avec les mêmes variables : un test le vérifie.

## Passages, sujets d'une phrase : $what vaut quotation, heading, item ou paragraph.

passage = { $what ->
    [quotation] cette citation
    [heading] ce titre
    [item] cet élément de liste
   *[paragraph] ce paragraphe
}

## Emplacements liés

related-first-copy = première copie
related-first-heading = premier titre
related-first-occurrence = première occurrence
related-also-here = aussi ici
related-similar-paragraph = paragraphe semblable
related-source-passage = passage source
related-source-page = page source
related-written-in = écrit en { $language }

## Liens

bare-url = `{ $url }` est en texte brut ; faites-en un lien
broken-link-missing = `{ $link }` ne mène nulle part : { $resolved } n'existe pas dans cette révision
broken-link-outside = `{ $link }` pointe hors du dépôt
missing-anchor = `#{ $fragment }` n'est pas une ancre de { $path } (ancres : { $anchors })
missing-anchor-no-heading = `#{ $fragment }` n'est pas une ancre de { $path }, qui n'a aucun titre
unverifiable-anchor-include = `#{ $fragment }` ne peut pas être vérifiée : { $path } inclut un contenu dont seul le site construit montre les ancres
unverifiable-link = `{ $link }` ne peut pas être vérifié : { $reason }
unverifiable-folder = `{ $link }` ne peut pas être vérifié : le dossier n'a pas de page d'index, le générateur en crée une
reason-template = la destination est une syntaxe de gabarit que le générateur remplit
reason-unrendered = la page n'est qu'incluse dans d'autres, où ses liens relatifs se résolvent
reason-outside-site = { $path } est publié hors du site
reason-render-hook = le gabarit de rendu des liens du site ({ $hook }) résout les mots nus
reason-extension = le dépôt ne contient aucun fichier .{ $extension } : ces fichiers sont gardés ailleurs
reason-forge = il remonte au-dessus des fichiers du dépôt vers les pages de la forge (tickets, wiki, versions)
reason-static-missing = le dossier d'où le site copie ses fichiers n'est pas dans le dépôt
reason-served-elsewhere = { $url } est servi par ce que le dépôt ne contient pas
reason-empty-ref = une référence vide
dead-link = `{ $url }` est mort : { $reason }
dead-link-unverified = `{ $url }` n'a pas pu être vérifié : { $reason }
http-deadline = non vérifié : la vérification en ligne a atteint son délai ({ $seconds } s, `[links] deadline`)
http-redirect-not-url = redirection { $status } vers `{ $location }`, qui n'est pas une URL
http-redirect-no-location = redirection { $status } sans destination
http-not-found = 404 introuvable
http-gone = 410 supprimé
http-refused = { $status } (accès refusé au vérificateur)
http-too-many-requests = 429 trop de requêtes
http-server-error = erreur du serveur { $status }
http-status = statut HTTP { $status }
http-too-many-redirects = plus de { $count } redirections
http-no-host = l'hôte n'existe pas
http-timeout = délai dépassé
http-bad-url = URL non valide ({ $reason })
http-internal-address = non récupéré : l'hôte est une adresse interne ({ $address }) ; `allow_private` l'autorise
http-connection-refused = connexion refusée

## Doublons

duplicate-paragraph = ce paragraphe figure déjà à la ligne { $line }
duplicate-heading = le titre « { $heading } » figure déjà à la ligne { $line }
repeated-word = « { $word } » est répété
repeated-phrase = « { $phrase } » est écrit deux fois
repeated-sentence = cette phrase figure déjà à la ligne { $line }
cross-duplicate = ce paragraphe figure aussi dans { $path }:{ $line }
cross-duplicate-boilerplate = ce paragraphe figure dans { $count } { $count ->
    [one] article
   *[other] articles
} : texte récurrent (un pied de page ou une mention), signalé une fois
near-duplicate = ce paragraphe est identique à { $percent } % à un paragraphe de { $path }:{ $line }

## Langue

mixed-language = { passage } est en { $detected } ({ $detected-code }, confiance { $confidence }) alors que l'article est en { $reference } ({ $reference-code })
language-mismatch = l'article est déclaré en { $declared } ({ $declared-code }) { $origin } mais son texte est en { $detected } ({ $detected-code }, confiance { $confidence })
declared-by-front-matter = par son en-tête
declared-by-glob = par le motif `{ $glob }` de `[language.paths]`
declared-by-path = par son chemin
declared-by-default = par `[language] default`
declared-by-site = par la configuration du site
language-undeclared = { $count ->
    [one] cet article ne déclare aucune langue, pas plus que le site : indiquez `lang` dans son en-tête, ou `[language] default` dans relecture.toml
   *[other] { $count } articles ne déclarent aucune langue, pas plus que le site (voici le premier) : déclarez-la une fois avec `[language] default` ou un motif `[language.paths]` dans relecture.toml, ou dans la configuration du site
}
untranslated-passage = { passage } est identique à sa source dans { $path }:{ $line }, en { $source } : { $what ->
    [quotation] elle n'a pas été traduite
   *[other] il n'a pas été traduit
} en { $language }
untranslated-passage-similar = { passage } est identique à { $percent } % à sa source dans { $path }:{ $line }, en { $source } : { $what ->
    [quotation] elle n'a pas été traduite
   *[other] il n'a pas été traduit
} en { $language }
untranslated-page = cette page est identique à sa source { $path }, en { $source } : elle n'a pas été traduite en { $language }

## En-tête (front matter)

frontmatter-missing-field = le champ obligatoire `{ $field }` manque dans l'en-tête
frontmatter-missing-front-matter = l'article n'a pas d'en-tête, donc le champ obligatoire `{ $field }` manque
frontmatter-wrong-type = `{ $key }` devrait être { $expected }, pas { $found }
frontmatter-empty = `{ $key }` est vide ; il devrait être { $expected }
frontmatter-list-item = `{ $key }` devrait être une liste de chaînes, mais contient { $found }
frontmatter-not-language = `{ $key }` « { $value } » n'est pas une langue : utilisez un code ISO 639-1 comme fr ou en, éventuellement avec une région (fr-FR)
frontmatter-language-type = `{ $key }` devrait être un code de langue comme fr, pas { $found }
frontmatter-malformed-date = `{ $key }` devrait être une date (AAAA-MM-JJ), pas « { $value } »
frontmatter-malformed-datetime = `{ $key }` devrait être une date et heure (AAAA-MM-JJTHH:MM:SS), pas « { $value } »
frontmatter-no-month = `{ $key }` « { $value } » n'est pas une vraie date : il n'y a pas de mois { $month }
frontmatter-short-month = `{ $key }` « { $value } » n'est pas une vraie date : { month-name } { $year } a { $days } jours
month-name = { $month ->
    [1] janvier
    [2] février
    [3] mars
    [4] avril
    [5] mai
    [6] juin
    [7] juillet
    [8] août
    [9] septembre
    [10] octobre
    [11] novembre
   *[12] décembre
}
frontmatter-unclosed = l'en-tête { $format } ouvert ligne 1 n'est jamais fermé par une ligne `{ $fence }`
frontmatter-invalid-yaml = YAML non valide : { $reason }
frontmatter-invalid-toml = TOML non valide : { $reason }
frontmatter-documents = l'en-tête contient plus d'un document YAML
frontmatter-too-deep = l'en-tête s'imbrique sur plus de { $depth } niveaux
frontmatter-too-many-values = l'en-tête contient plus de { $count } valeurs
frontmatter-document-too-large = le document contient plus de { $count } valeurs
frontmatter-key-not-text = les clés de l'en-tête doivent être du texte simple
frontmatter-duplicate-key = clé `{ $key }` en double
frontmatter-not-mapping = l'en-tête doit associer des clés à des valeurs, pas être { $type ->
    [null] une valeur nulle
    [bool] un booléen
    [integer] un entier
    [float] un nombre
    [string] une chaîne
    [datetime] une date et heure
    [list] une liste
    [map] une table
   *[other] un alias
}
frontmatter-integer-range = l'entier `{ $value }` est hors limites
type-name = { $type ->
    [null] une valeur nulle
    [bool] un booléen
    [integer] un entier
    [float] un nombre
    [string] une chaîne
    [datetime] une date et heure
    [list] une liste
    [map] une table
   *[other] un alias
}
type-string = une chaîne
type-date = une date
type-datetime = une date et heure
type-bool = un booléen
type-integer = un entier
type-list = une liste
type-string-list = une liste de chaînes
value-string = la chaîne « { $value } »
value-integer = l'entier { $value }
value-boolean = le booléen { $value }
value-number = le nombre { $value }
value-other = { type-name }

## Traductions

translation-outdated = { $source } a changé { $commits ->
    [one] en un commit
   *[other] en { $commits } commits
} depuis la dernière mise à jour de cette traduction ({ $paragraphs ->
    [0] aucun paragraphe modifié
    [one] un paragraphe modifié
   *[other] { $paragraphs } paragraphes modifiés
}, premier changement le { $date })
translation-outdated-unknown-commit = { $outdated } ; le commit { $named } que nomme son front matter n'est pas dans cet historique, son dernier commit en a tenu lieu
translation-missing = cette page n'est pas traduite en { $count ->
    [one] { $languages }, une langue
   *[other] { $languages }, des langues
} que le site publie
translation-orphan = cette page en { $language } n'a pas de source : aucune page de la langue source n'est à sa place, et aucune n'en a été déplacée
translation-to-update = ce changement laisse { $count ->
    [one] une traduction
   *[other] { $count } traductions
} à mettre à jour (avec les paragraphes de retard de chacune) : { $translations }
translation-updated = ce changement met cette traduction à jour avec { $source }, sur laquelle elle avait { $commits ->
    [one] un commit
   *[other] { $commits } commits
} de retard
related-translation-behind = traduction en retard
related-code-added = bloc de code ajouté
related-code-changed = bloc de code modifié
related-code-removed = bloc de code supprimé ici : « { $excerpt } »
related-paragraph-added = paragraphe ajouté
related-paragraph-reworded = paragraphe reformulé
related-paragraph-removed = paragraphe supprimé ici : « { $excerpt } »

## Fichiers que relecture ne peut pas lire, et suppressions

unreadable-not-utf8 = le fichier n'est pas de l'UTF-8 valide (premier octet invalide ligne { $line }, position { $offset }) ; réencodez-le en UTF-8
unreadable-binary = le fichier est binaire (il contient des octets NUL), ce n'est pas du texte Markdown
unreadable-too-large = le fichier fait { $size } octets, au-delà de la limite de { $limit } octets (`max_file_size`) ; il n'a pas été lu
unreadable-lfs-pointer = le fichier est un pointeur git LFS : son texte n'est pas dans le dépôt
unreadable-utf16 = le fichier est du texte UTF-16 ; réencodez-le en UTF-8
unreadable-unavailable = le fichier n'a pas pu être lu : { $reason }
unused-suppression = ce commentaire de suppression ne supprime aucun constat

## Noms des langues, par code ISO 639-1 (ISO 639-3 à défaut)

language-af = afrikaans
language-ak = akan
language-am = amharique
language-ar = arabe
language-az = azerbaïdjanais
language-be = biélorusse
language-bg = bulgare
language-bn = bengali
language-ca = catalan
language-cs = tchèque
language-cy = gallois
language-da = danois
language-de = allemand
language-el = grec
language-en = anglais
language-eo = espéranto
language-es = espagnol
language-et = estonien
language-fa = persan
language-fi = finnois
language-fr = français
language-gu = gujarati
language-he = hébreu
language-hi = hindi
language-hr = croate
language-hu = hongrois
language-hy = arménien
language-id = indonésien
language-it = italien
language-ja = japonais
language-jv = javanais
language-ka = géorgien
language-km = khmer
language-kn = kannada
language-ko = coréen
language-la = latin
language-lt = lituanien
language-lv = letton
language-mk = macédonien
language-ml = malayalam
language-mr = marathi
language-my = birman
language-nb = norvégien bokmål
language-ne = népalais
language-nl = néerlandais
language-or = oriya
language-pa = pendjabi
language-pl = polonais
language-pt = portugais
language-ro = roumain
language-ru = russe
language-si = cingalais
language-sk = slovaque
language-sl = slovène
language-sn = shona
language-sr = serbe
language-sv = suédois
language-ta = tamoul
language-te = télougou
language-th = thaï
language-tk = turkmène
language-tl = tagalog
language-tr = turc
language-uk = ukrainien
language-ur = ourdou
language-uz = ouzbek
language-vi = vietnamien
language-yi = yiddish
language-zh = chinois mandarin
language-zu = zoulou
language-no = norvégien bokmål

## Les mots des rapports

summary-none = Aucun constat dans { $articles } { $articles ->
    [one] article
   *[other] articles
}.
summary-found = { $findings } { $findings ->
    [one] constat
   *[other] constats
} ({ $errors } { $errors ->
    [one] erreur
   *[other] erreurs
}, { $warnings } { $warnings ->
    [one] avertissement
   *[other] avertissements
}, { $infos } { $infos ->
    [one] info
   *[other] infos
}) dans { $articles } { $articles ->
    [one] article
   *[other] articles
}.
summary-against = Par rapport à { $base } : { $new } { $new ->
    [one] nouveau
   *[other] nouveaux
}, { $existing } { $existing ->
    [one] existant
   *[other] existants
}, { $fixed } { $fixed ->
    [one] corrigé
   *[other] corrigés
}.
summary-the-base = la base
summary-skipped = { $count } { $count ->
    [one] fichier ignoré
   *[other] fichiers ignorés
}.
summary-unverifiable = { $count } { $count ->
    [one] lien n'a pas pu être vérifié
   *[other] liens n'ont pas pu être vérifiés
}.
summary-unverifiable-hidden = { $count } { $count ->
    [one] lien n'a pas pu être vérifié (`--verbose` le liste).
   *[other] liens n'ont pas pu être vérifiés (`--verbose` les liste).
}
markdown-counts = { $findings } { $findings ->
    [one] constat
   *[other] constats
} dans { $articles } { $articles ->
    [one] article
   *[other] articles
} : { $errors } { $errors ->
    [one] erreur
   *[other] erreurs
}, { $warnings } { $warnings ->
    [one] avertissement
   *[other] avertissements
}, { $infos } { $infos ->
    [one] info
   *[other] infos
}.
markdown-family = famille
markdown-status = statut
markdown-errors = erreurs
markdown-warnings = avertissements
markdown-infos = infos
markdown-findings = Constats
markdown-new-findings = Nouveaux constats
markdown-line = ligne { $line }

## Le rapport des traductions (`relecture translations`)

translations-heading = Traductions depuis { $source } dans { $at }
translations-heading-no-source = Traductions dans { $at }
translations-no-history = (pas d'historique git : on ne sait pas quelles traductions sont en retard)
translations-at-worktree = l'arbre de travail
translations-at-index = l'index
translations-at-folder = le dossier
translations-none = Aucune page traduite.
translations-column-language = langue
translations-column-up-to-date = à jour
translations-column-outdated = en retard
translations-column-missing = manquantes
translations-column-orphan = sans source
translations-column-unknown = inconnu
translations-column-translation = traduction
translations-column-source = source
translations-column-state = état
translations-column-words = mots
translations-column-behind = retard
translations-column-since = depuis
translations-column-changed = passages modifiés
translations-tally = { $pages } ({ $words } { $count ->
    [one] mot
   *[other] mots
})
translations-how-far = { $commits ->
    [one] 1 commit
   *[other] { $commits } commits
} et { $paragraphs ->
    [one] 1 passage
   *[other] { $paragraphs } passages
}
translations-outdated = En retard
translations-behind = { $path } : { $how } de retard sur { $source }, depuis le { $date }
translations-unknown-commit = (son front matter nomme { $commit }, que cet historique ne contient pas : son dernier commit en a tenu lieu)
translations-change = { $change ->
    [added] ajouté
    [reworded] reformulé
    [removed] supprimé
    [code-added] code ajouté
    [code-changed] code modifié
   *[code-removed] code supprimé
}
translations-without-source = Sans source
translations-not-translated = Non traduites
translations-not-translated-count = Non traduites : { $count } pages en tout (--lang L liste celles d'une langue)
translations-missing-page = { $path } ({ $language }, { $words } mots)
translations-html-per-language = Pages par langue
translations-html-pages = Pages traduites
translations-html-help = Cliquez sur un titre de colonne pour trier. Les pages en retard listent les passages de la source qui ont changé.
