//! Random articles for property tests: French and English paragraphs (some copied, some near
//! copies, some with a repeated word), headings with anchors, links to each other's anchors and
//! to images, from a seeded generator.

use std::fmt::Write as _;

pub const PARAGRAPHS: &[&str] = &[
    "Les réseaux sociaux prennent de plus en plus d’importance dans la vie quotidienne des citoyens et des élus locaux.",
    "La présence des collectivités sur ces plateformes est devenue essentielle pour informer rapidement les habitants.",
    "Public services publish more of their information online, and citizens expect it to be accurate and current.",
    "Le service communication relit chaque article avant sa publication, mais des erreurs passent encore parfois.",
    "Cet article a été rédigé par les étudiants de la licence professionnelle, promotion deux mille vingt et un.",
    "Une charte graphique claire aide les agents à produire des documents cohérents avec l’identité de la ville.",
];

/// Article paths: enough that a change affects only some of them.
pub const ARTICLES: usize = 30;

pub const ANCHORS: &[&str] = &["contexte", "enjeux", "methode", "bilan"];

/// A xorshift generator: the same sequence on every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub fn article(rng: &mut Rng) -> String {
    let mut text = String::from("---\ntitle: Article\nlang: fr\n---\n\n");
    for _ in 0..=rng.below(3) {
        write!(text, "## {}\n\n", ANCHORS[rng.below(ANCHORS.len())]).unwrap();
        let paragraph = PARAGRAPHS[rng.below(PARAGRAPHS.len())];
        let paragraph = match rng.below(4) {
            // A near copy: one word replaced.
            0 => paragraph.replacen("de", "du", 1),
            // A repeated word.
            1 => paragraph.replacen("la", "la la", 1),
            _ => paragraph.to_string(),
        };
        text.push_str(&paragraph);
        text.push_str("\n\n");
        match rng.below(4) {
            0 => write!(
                text,
                "Voir [la suite](../{}/index.md#{}).\n\n",
                rng.below(ARTICLES),
                ANCHORS[rng.below(ANCHORS.len())]
            )
            .unwrap(),
            1 => write!(text, "![Logo](../../images/{}.png)\n\n", rng.below(4)).unwrap(),
            2 => write!(text, "Voir [la page](/{}/)\n\n", rng.below(ARTICLES)).unwrap(),
            _ => {}
        }
    }
    text
}
