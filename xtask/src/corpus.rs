//! Deterministic benchmark corpora: French and English articles with front matter, headings,
//! lists, links, code and planted defects of the built-in rules.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};

/// A small deterministic generator (xorshift64*), so that corpora are identical on every machine.
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const ENGLISH: &[&str] = &[
    "Public services publish more and more of their information online, and citizens expect it to be accurate and easy to find.",
    "A clear page starts with the question the reader came with and answers it in the first paragraph.",
    "The communication team reviews every article before it goes live, but small mistakes still slip through.",
    "Short sentences and familiar words help every reader, including those who read in a second language.",
    "Links should say where they lead, so that readers know what they will find before they click.",
    "The local authority opened a new service for families, and the website had to explain it within a week.",
    "Accessibility is not an extra feature: it is part of the service that a public body owes to everyone.",
    "Editors keep a shared glossary so that the same thing is always called by the same name.",
    "When a page is translated, the translation must be kept up to date with every change of the original.",
    "Social networks reach people where they already are, but they do not replace a reliable website.",
    "A style guide only works when it is applied, which is why teams automate the checks they can.",
    "Each article carries a title, a date and a language in its front matter, which the site generator reads.",
    "Readers notice repeated sentences at once, and they trust the page a little less when they do.",
    "The archive holds several thousand articles written over ten years by many different authors.",
    "Before publishing, the editor reads the article aloud to hear where the rhythm of the text breaks.",
    "Data about the use of the service helps the team decide which pages need to be rewritten first.",
    "Every change to the content goes through a pull request, where a colleague reviews it.",
    "The newsletter summarises the most useful articles of the month for subscribers who do not visit the site.",
    "Plain language does not mean simplistic language: it means that the reader understands on the first reading.",
    "Municipal councils publish their decisions, and the communication service explains what they change for residents.",
];

const LINK_TEXTS: &[&str] = &["the guide", "this page", "le guide", "cette page", "the report", "le rapport"];

const CODE: &str = "```toml\n[site]\ntitle = \"Exemple\"\nlanguages = [\"fr\", \"en\"]\n```\n";

/// Writes `count` articles under `root/content/{fr,en}/` and returns their total size in bytes.
///
/// The prose is generated from a large pseudo-word vocabulary mixed with the function words of
/// each language, so that articles read as French or English to the language checks without
/// sharing paragraphs by accident; real sentences are planted only where a defect is wanted.
pub fn generate(root: &Path, count: usize, seed: u64) -> Result<u64> {
    let french = french_sentences()?;
    let mut random = Random::new(seed);
    let vocabulary = vocabulary(&mut random, 30_000);
    let mut total = 0u64;
    for index in 0..count {
        let english = index % 4 == 3;
        let writer = Writer {
            vocabulary: &vocabulary,
            function_words: if english { ENGLISH_FUNCTION_WORDS } else { FUNCTION_WORDS },
        };
        let text = article(&mut random, &writer, index, count, english, &french);
        let (text, undeclared) = plant_more(text, index, english, &french);
        let lang = if english { "en" } else { "fr" };
        // Outside the language folders, nothing but the front matter could declare the language.
        let folder =
            if undeclared { "content/divers".to_string() } else { format!("content/{lang}/section-{:02}", index % 50) };
        let path = root.join(format!("{folder}/article-{index:05}.md"));
        std::fs::create_dir_all(path.parent().expect("articles live in folders"))?;
        // A few articles saved in Latin-1, as old editors do.
        let bytes: Vec<u8> = if index % 500 == 6 {
            text.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect()
        } else {
            text.into_bytes()
        };
        total += bytes.len() as u64;
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    // The shipped rule packs run too, as in a real repository.
    let packs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../lint-rules");
    std::fs::create_dir_all(root.join("lint-rules"))?;
    for entry in std::fs::read_dir(&packs).with_context(|| format!("cannot read {}", packs.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, root.join("lint-rules").join(path.file_name().expect("a file name")))?;
        }
    }
    std::fs::write(
        root.join("relecture.toml"),
        "include = [\"content/**/*.md\"]\n\n[frontmatter]\nrequired = [\"title\", \"date\", \"lang\"]\n\n[language]\nallowed = [\"fr\", \"en\"]\n",
    )?;
    Ok(total)
}

/// Defects the main generator does not plant, drawn from a stream of their own so that the rest
/// of the corpus stays the same: an undeclared or wrongly declared language, a paragraph written
/// twice, a near copy of a passage other articles also carry, a suppression comment with nothing
/// to suppress. Returns the text and whether its language is left undeclared.
fn plant_more(mut text: String, index: usize, english: bool, french: &[String]) -> (String, bool) {
    let mut random = Random::new(0xD1CE ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let undeclared = random.chance(1) && text.contains("lang: ");
    if undeclared {
        text = text.replacen("lang: fr\n", "", 1).replacen("lang: en\n", "", 1);
    } else if random.chance(1) {
        text =
            if english { text.replacen("lang: en", "lang: fr", 1) } else { text.replacen("lang: fr", "lang: en", 1) };
    }
    if random.chance(2)
        && let Some(paragraph) = text.split("\n\n").find(|p| p.len() > 200 && !p.starts_with(['#', '-', '`']))
    {
        let paragraph = paragraph.to_string();
        let _ = write!(text, "\n{paragraph}\n");
    }
    if random.chance(3) && french.len() > 24 {
        let start = random.below(8);
        let mut words: Vec<&str> = french[start * 3..start * 3 + 3].iter().flat_map(|s| s.split(' ')).collect();
        let at = random.below(words.len());
        words[at] = "notamment";
        let _ = write!(text, "\n{}\n", words.join(" "));
    }
    if random.chance(1) {
        text.push_str("\n<!-- relecture-disable-next-line repeated-word -->\nCette ligne ne répète aucun mot.\n");
    }
    (text, undeclared)
}

/// Sentences of the sample articles, as French text of real length and vocabulary.
fn french_sentences() -> Result<Vec<String>> {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/fr");
    let mut sentences = Vec::new();
    for entry in std::fs::read_dir(&content).with_context(|| format!("cannot read {}", content.display()))? {
        let text = std::fs::read_to_string(entry?.path())?;
        let body = text.splitn(3, "---\n").nth(2).unwrap_or("");
        for line in body.lines().filter(|l| !l.starts_with('#') && !l.starts_with('-') && l.len() > 80) {
            for sentence in line.split_inclusive(". ") {
                let sentence = sentence.trim();
                if sentence.len() > 60
                    && sentence.len() < 400
                    && !sentence.contains("www.")
                    && !sentence.contains("http")
                {
                    sentences.push(sentence.to_string());
                }
            }
        }
    }
    sentences.sort();
    sentences.dedup();
    Ok(sentences)
}

fn paragraph(random: &mut Random, sentences: &[&str], count: usize) -> String {
    (0..count).map(|_| *random.pick(sentences)).collect::<Vec<_>>().join(" ")
}

const ENGLISH_FUNCTION_WORDS: &[&str] =
    &["the", "of", "and", "to", "in", "is", "that", "for", "with", "on", "by", "this", "are", "from", "it", "as"];

/// Writes pseudo-prose in one language.
struct Writer<'a> {
    vocabulary: &'a [String],
    function_words: &'a [&'a str],
}

impl Writer<'_> {
    fn sentence(&self, random: &mut Random) -> String {
        let length = 8 + random.below(14);
        let mut words: Vec<String> = Vec::with_capacity(length);
        while words.len() < length {
            let word = if random.chance(35) {
                (*random.pick(self.function_words)).to_string()
            } else {
                let (a, b) = (random.below(self.vocabulary.len()), random.below(self.vocabulary.len()));
                self.vocabulary[a * b / self.vocabulary.len()].clone()
            };
            // Doubled words are planted on purpose, not by chance.
            if words.last() != Some(&word) {
                words.push(word);
            }
        }
        if let Some(first) = words.first_mut() {
            let mut chars = first.chars();
            *first = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        }
        words.join(" ") + "."
    }

    fn paragraph(&self, random: &mut Random, sentences: usize) -> String {
        (0..sentences).map(|_| self.sentence(random)).collect::<Vec<_>>().join(" ")
    }
}

fn article(
    random: &mut Random,
    writer: &Writer<'_>,
    index: usize,
    total: usize,
    english: bool,
    french: &[String],
) -> String {
    let lang = if english { "en" } else { "fr" };
    let mut out = String::with_capacity(2048);
    let day = 1 + random.below(28);
    let month = 1 + random.below(12);
    // Planted front matter defects: an impossible date, a missing title, a syntax error.
    let date = if random.chance(2) { "2023-02-30".to_string() } else { format!("2022-{month:02}-{day:02}") };
    if random.chance(1) {
        let _ = write!(out, "---\ntitle: [broken\n---\n");
    } else if random.chance(2) {
        let _ = write!(out, "---\ndate: {date}\nlang: {lang}\n---\n");
    } else {
        let _ = write!(
            out,
            "---\ntitle: \"Article {index}\"\ndate: {date}\nlang: {lang}\ntags: [\"communication\", \"service public\"]\n---\n"
        );
    }
    let _ = writeln!(out, "\n# Article {index}\n");
    let sections = 2 + random.below(2);
    for section in 0..sections {
        let heading =
            if random.chance(3) && section > 0 { "Section 1".to_string() } else { format!("Section {}", section + 1) };
        let _ = writeln!(out, "## {heading}\n");
        let length = 3 + random.below(4);
        let mut first = writer.paragraph(random, length);
        if random.chance(3) {
            // A doubled word.
            first = first.replacen(' ', " le le ", 1);
        }
        let _ = writeln!(out, "{first}\n");
        if random.chance(4) {
            // A sentence pasted twice.
            let _ = writeln!(out, "{}\n", first.split(". ").next().unwrap_or(&first));
        }
        if random.chance(3) {
            // A paragraph in the other language, from real sentences.
            let other: Vec<&str> = if english { french.iter().map(String::as_str).collect() } else { ENGLISH.to_vec() };
            let _ = writeln!(out, "{}\n", paragraph(random, &other, 2));
        }
        if random.chance(2) {
            // A paragraph shared with other articles.
            let shared: Vec<&str> = french.iter().map(String::as_str).collect();
            let _ = writeln!(out, "{}\n", paragraph(random, &shared, 1));
        }
        if random.chance(30) {
            let target = random.below(total);
            let other_lang = if target % 4 == 3 { "en" } else { "fr" };
            // Mostly good links, some to an anchor; a few broken files and anchors are planted.
            let fragment = match random.below(10) {
                0..=3 => "#section-1",
                4 => "#section-absente",
                _ => "",
            };
            let file = if random.chance(3) { "article-absent".to_string() } else { format!("article-{target:05}") };
            let _ = writeln!(
                out,
                "- Voir [{}](../../{other_lang}/section-{:02}/{file}.md{fragment})\n- {}\n",
                random.pick(LINK_TEXTS),
                target % 50,
                writer.sentence(random)
            );
        }
        if random.chance(10) {
            let _ = writeln!(out, "{CODE}");
        }
        if random.chance(5) {
            let _ = writeln!(out, "Site web : www.example-{index}.org\n");
        }
    }
    out
}

/// A paragraph planted into an article from another one, with some words replaced.
pub struct PlantedPair {
    pub source: String,
    pub target: String,
    pub similarity: f64,
}

const FUNCTION_WORDS: &[&str] = &[
    "le", "la", "les", "de", "des", "et", "en", "un", "une", "du", "que", "qui", "dans", "pour", "sur", "par", "avec",
    "au",
];
const SYLLABLES: &[&str] = &[
    "ba", "co", "di", "fe", "ga", "hi", "jo", "ku", "la", "me", "ni", "po", "qui", "ra", "se", "ti", "vu", "xa", "zo",
    "an", "en", "on", "ou", "ai", "bre", "cla", "dro", "fla", "gri", "pro", "tra", "vel", "mor", "sil",
];

fn vocabulary(random: &mut Random, size: usize) -> Vec<String> {
    let mut words: Vec<String> =
        (0..size).map(|_| (0..2 + random.below(3)).map(|_| *random.pick(SYLLABLES)).collect::<String>()).collect();
    words.sort();
    words.dedup();
    words
}

fn random_words(random: &mut Random, vocabulary: &[String], count: usize) -> Vec<String> {
    (0..count)
        .map(|_| {
            if random.chance(30) {
                (*random.pick(FUNCTION_WORDS)).to_string()
            } else {
                // Skewed towards the start of the vocabulary, like real word frequencies.
                let (a, b) = (random.below(vocabulary.len()), random.below(vocabulary.len()));
                let index = a * b / vocabulary.len();
                vocabulary[index.min(vocabulary.len() - 1)].clone()
            }
        })
        .collect()
}

/// Writes `count` short articles (about 500 bytes each) of random prose from a large vocabulary,
/// and plants near copies of paragraphs across articles with 0 to 40% of their words replaced.
/// Returns the total size and the planted pairs with their true similarity.
pub fn generate_short(root: &Path, count: usize, seed: u64) -> Result<(u64, Vec<PlantedPair>)> {
    use relecture_checks::duplicates::paragraphs::{paragraph_key, similarity, word_hashes};
    let mut random = Random::new(seed);
    let vocabulary = vocabulary(&mut random, 30_000);
    let path_of = |i: usize| format!("content/fr/s{:03}/a{i:05}.md", i % 200);
    let mut firsts: Vec<String> = Vec::with_capacity(count);
    let mut used_sources = std::collections::HashSet::new();
    let mut planted = Vec::new();
    let mut total = 0u64;
    for index in 0..count {
        let length = 22 + random.below(30);
        let mut first = random_words(&mut random, &vocabulary, length).join(" ") + ".";
        if index > 10 && random.chance(3) {
            let source = random.below(index);
            if used_sources.insert(source) {
                let mut words: Vec<String> =
                    firsts[source].trim_end_matches('.').split(' ').map(str::to_string).collect();
                let replaced = random.below(words.len() * 2 / 5 + 1);
                for _ in 0..replaced {
                    let at = random.below(words.len());
                    words[at] = random_words(&mut random, &vocabulary, 1).remove(0);
                }
                first = words.join(" ") + ".";
                let score =
                    similarity(&word_hashes(&paragraph_key(&firsts[source])), &word_hashes(&paragraph_key(&first)));
                planted.push(PlantedPair { source: path_of(source), target: path_of(index), similarity: score });
            }
        }
        let second_length = 12 + random.below(24);
        let second = random_words(&mut random, &vocabulary, second_length).join(" ") + ".";
        let text = format!(
            "---\ntitle: \"Article {index}\"\ndate: 2022-03-04\nlang: fr\n---\n\n# Article {index}\n\n{first}\n\n{second}\n"
        );
        let path = root.join(path_of(index));
        std::fs::create_dir_all(path.parent().expect("articles live in folders"))?;
        total += text.len() as u64;
        std::fs::write(&path, text)?;
        firsts.push(first);
    }
    std::fs::write(root.join("relecture.toml"), "include = [\"content/**/*.md\"]\n")?;
    Ok((total, planted))
}

/// Writes `packs` rule files of `rules` rules each under `root/bench-rules/`, matching words of
/// the generated vocabulary (mostly rare ones, so that findings stay realistic), and a
/// configuration `relecture-packs.toml` that loads them.
pub fn generate_packs(root: &Path, packs: usize, rules: usize, seed: u64) -> Result<()> {
    let mut random = Random::new(seed);
    let vocabulary = vocabulary(&mut Random::new(42), 30_000);
    let folder = root.join("bench-rules");
    std::fs::create_dir_all(&folder)?;
    for pack in 0..packs {
        let mut text = format!("[pack]\nname = \"bench-{pack:02}\"\ndescription = \"Benchmark pack {pack}\"\n");
        for rule in 0..rules {
            // Rules name rare words (the text draws mostly from the head of the vocabulary), as
            // style rules do: most articles trip a few rules, not most of them.
            let tail = &vocabulary[vocabulary.len() * 9 / 10..];
            let words: Vec<&String> = (0..3).map(|_| random.pick(tail)).collect();
            if rule % 4 == 0 {
                let _ = write!(
                    text,
                    "\n[[rule]]\nname = \"r{rule:03}\"\nkind = \"substitution\"\nmessage = \"{{match}} -> {{replacement}}\"\nswap = {{ \"{0}\" = \"mot\" }}\nexamples.fail = [\"Le {0} ici.\"]\nexamples.pass = [\"Rien.\"]\n",
                    words[0]
                );
            } else {
                let _ = write!(
                    text,
                    "\n[[rule]]\nname = \"r{rule:03}\"\nkind = \"existence\"\nmessage = \"{{match}}\"\ntokens = [\"{}\", \"{}\", \"{}\"]\nexamples.fail = [\"Le {} ici.\"]\nexamples.pass = [\"Rien.\"]\n",
                    words[0], words[1], words[2], words[0]
                );
            }
        }
        std::fs::write(folder.join(format!("bench-{pack:02}.toml")), text)?;
    }
    let config = std::fs::read_to_string(root.join("relecture.toml"))?;
    std::fs::write(root.join("relecture-packs.toml"), format!("rules = [\"lint-rules\", \"bench-rules\"]\n{config}"))?;
    Ok(())
}

/// Files by path, with their text.
type Files = Vec<(String, String)>;

/// Builds at `root` a git repository whose first-parent history has `commits` commits touching
/// `articles` articles: the first commits add the articles one by one (with the configuration
/// and an image), then each commit edits one article (a sentence added, a word changed, a doubled
/// word planted or removed), with a deletion, a rename with an edit and an image change now and
/// then. Written with `git fast-import`, then checked out. Returns the bytes of the tip's articles.
pub fn generate_history(root: &Path, commits: usize, articles: usize, seed: u64) -> Result<u64> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};

    let scratch = root.with_extension("articles");
    generate(&scratch, articles, seed)?;
    let mut files: Vec<(String, String)> = Vec::new();
    collect_files(&scratch, &scratch, &mut files)?;
    files.sort();
    // The configuration and the rule packs come with the first commit; articles one by one.
    let (setup, files): (Files, Files) = files.into_iter().partition(|(p, _)| !p.starts_with("content/"));
    std::fs::remove_dir_all(&scratch)?;

    std::fs::create_dir_all(root)?;
    let git = |args: &[&str]| -> Result<()> {
        let status = Command::new("git").args(args).current_dir(root).status()?;
        anyhow::ensure!(status.success(), "git {args:?} failed");
        Ok(())
    };
    git(&["init", "--quiet", "--initial-branch=main"])?;
    let mut import = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .spawn()
        .context("cannot run git fast-import")?;
    let mut stream = std::io::BufWriter::new(import.stdin.take().context("no stdin for git fast-import")?);
    let mut random = Random::new(seed ^ 0x5EED);
    // The articles of the current tip: path → text.
    let mut live: Vec<(String, String)> = Vec::new();
    let mut pending = files.into_iter();
    let adding = articles.min(commits.saturating_sub(1).max(1));
    let mut total = 0u64;
    for number in 0..commits {
        let mut operations = String::new();
        let message;
        if number == 0 {
            for (path, text) in &setup {
                push_file(&mut operations, path, text);
            }
            push_file(&mut operations, "content/images/logo.png", "PNG");
            message = "Configuration".to_string();
        } else if number <= adding {
            let (path, text) = pending.next().context("fewer articles than commits to add them")?;
            push_file(&mut operations, &path, &text);
            message = format!("Add {path}");
            live.push((path, text));
        } else if number % 97 == 0 && live.len() > 1 {
            let (path, _) = live.remove(random.below(live.len()));
            let _ = writeln!(operations, "D {path}");
            message = format!("Delete {path}");
        } else if number % 89 == 0 {
            let index = random.below(live.len());
            let (old, text) = live[index].clone();
            let new = old.replace("article-", &format!("moved-{number}-"));
            let text = edit(&mut random, &text, number);
            let _ = writeln!(operations, "D {old}");
            push_file(&mut operations, &new, &text);
            message = format!("Move {old} to {new}");
            live[index] = (new, text);
        } else if number % 151 == 0 {
            push_file(&mut operations, "content/images/logo.png", &format!("PNG {number}"));
            message = "New logo".to_string();
        } else {
            let index = random.below(live.len());
            let text = edit(&mut random, &live[index].1, number);
            push_file(&mut operations, &live[index].0, &text);
            message = format!("Edit {}", live[index].0);
            live[index].1 = text;
        }
        let time = 1_600_000_000 + number * 600;
        let from = if number == 0 { String::new() } else { format!("from :{number}\n") };
        write!(
            stream,
            "commit refs/heads/main\nmark :{}\ncommitter Bench <bench@example.org> {time} +0100\ndata {}\n{message}\n{from}{operations}\n",
            number + 1,
            message.len() + 1
        )?;
    }
    stream.flush()?;
    drop(stream);
    anyhow::ensure!(import.wait()?.success(), "git fast-import failed");
    git(&["checkout", "--quiet", "--force", "main"])?;
    for (_, text) in &live {
        total += text.len() as u64;
    }
    Ok(total)
}

fn push_file(operations: &mut String, path: &str, text: &str) {
    let _ = write!(operations, "M 100644 inline {path}\ndata {}\n{text}\n", text.len());
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(root, &path, out)?;
        } else {
            let relative = path.strip_prefix(root)?.to_string_lossy().replace('\\', "/");
            // The Latin-1 articles are edited as text here: their bad bytes become U+FFFD.
            out.push((relative, String::from_utf8_lossy(&std::fs::read(&path)?).into_owned()));
        }
    }
    Ok(())
}

/// One editor's change to an article: a sentence added to a paragraph, a word replaced, or a
/// doubled word planted.
fn edit(random: &mut Random, text: &str, number: usize) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let prose: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.len() > 80 && !l.starts_with(['#', '-', '`']))
        .map(|(i, _)| i)
        .collect();
    let Some(&line) = prose.get(random.below(prose.len().max(1))) else {
        return format!("{text}\nParagraphe ajouté lors de la révision {number}, pour préciser le propos.\n");
    };
    lines[line] = match random.below(3) {
        0 => format!("{} Une précision ajoutée lors de la révision {number}.", lines[line]),
        1 => lines[line].replacen(" de ", " du ", 1).replacen(" the ", " a ", 1),
        _ => lines[line].replacen(' ', " la la ", 1),
    };
    let mut out = lines.join("\n");
    out.push('\n');
    out
}
