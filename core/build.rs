//! Generates the typed message keys from the language tables `src/messages/{vi,en}.tsv`.
//!
//! Every citizen-facing text lives in those two tables (data, reviewed like any other data);
//! code refers to a text only through a generated key, so a missing translation or a typo in a
//! key is a build error, not a blank on a citizen's screen. Each section (the key's first dotted
//! part) becomes its own enum, so a wasm build keeps only the sections it uses.
//!
//! Checked here, at build time: both tables hold the same keys; each key is written once; no
//! text is empty; both languages use the same `{placeholders}` (but for the few listed in
//! [`ONE_SIDED`]); braces only open placeholders; no two keys of a section share a name in code.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

const LANGS: [&str; 2] = ["vi", "en"];

/// Placeholders one language fills and the other deliberately leaves out, as `(key, name)`.
/// Each is checked to be really one-sided, so the list cannot go stale.
const ONE_SIDED: &[(&str, &str)] = &[
    // The English answer of `GET /v1/procedures/{code}` never echoed the code (integrators
    // have it in their request); the Vietnamese one names it for the citizen.
    ("api.bad_procedure_code", "code"),
];

struct Entry {
    line: usize,
    text: String,
}

fn main() {
    let dir = Path::new("src/messages");
    let mut tables: Vec<BTreeMap<String, Entry>> = Vec::new();
    for lang in LANGS {
        let path = dir.join(format!("{lang}.tsv"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        tables.push(parse(&path, &text));
    }
    check_same_keys(&tables);

    let mut sections: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for key in tables[0].keys() {
        let (section, rest) = key.split_once('.').expect("checked by parse");
        sections
            .entry(section)
            .or_default()
            .push((key.as_str(), rest));
    }

    let mut out = String::new();
    let mut every_text = String::new();
    for (section, keys) in &sections {
        let name = camel(section);
        let mut variants = BTreeMap::new();
        for (key, rest) in keys {
            if let Some(other) = variants.insert(camel(rest), key) {
                panic!(
                    "src/messages: {other} and {key} would both be {name}::{}",
                    camel(rest)
                );
            }
        }
        writeln!(
            every_text,
            "    for m in {name}::ALL {{\n        \
             out.push((m.key(), {name}::from_key(m.key()) == Some(m), m.text(Lang::Vi), m.text(Lang::En)));\n    }}"
        )
        .unwrap();
        writeln!(
            out,
            "/// Texts of the `{section}` section of the language tables.\n\
             #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum {name} {{"
        )
        .unwrap();
        for (key, rest) in keys {
            writeln!(out, "    /// `{key}`: `{}`", doc(&tables[0][*key].text)).unwrap();
            writeln!(out, "    {},", camel(rest)).unwrap();
        }
        writeln!(out, "}}\n\nimpl {name} {{").unwrap();
        writeln!(out, "    /// Every key of the section, in table order.").unwrap();
        writeln!(out, "    pub const ALL: [{name}; {}] = [", keys.len()).unwrap();
        for (_, rest) in keys {
            writeln!(out, "        {name}::{},", camel(rest)).unwrap();
        }
        writeln!(out, "    ];\n").unwrap();
        writeln!(out, "    /// The key as written in the tables.").unwrap();
        writeln!(
            out,
            "    pub const fn key(self) -> &'static str {{\n        match self {{"
        )
        .unwrap();
        for (key, rest) in keys {
            writeln!(out, "            {name}::{} => {key:?},", camel(rest)).unwrap();
        }
        writeln!(out, "        }}\n    }}\n").unwrap();
        // One array per language indexed by the variant (declared in table order, so its
        // discriminant is its index): data, not a match arm per text, keeps the wasm small.
        writeln!(out, "    /// The text in `lang`, placeholders unfilled.").unwrap();
        writeln!(
            out,
            "    pub const fn text(self, lang: Lang) -> &'static str {{"
        )
        .unwrap();
        for (lang, table) in LANGS.iter().zip(&tables) {
            writeln!(
                out,
                "        const {}: [&str; {}] = [",
                lang.to_uppercase(),
                keys.len()
            )
            .unwrap();
            for (key, _) in keys {
                writeln!(out, "            {:?},", table[*key].text).unwrap();
            }
            writeln!(out, "        ];").unwrap();
        }
        writeln!(
            out,
            "        match lang {{\n            Lang::Vi => VI[self as usize],\n            \
             Lang::En => EN[self as usize],\n        }}\n    }}\n"
        )
        .unwrap();
        writeln!(
            out,
            "    /// The key named `key` (as written in the tables, section included).\n    \
             pub fn from_key(key: &str) -> Option<{name}> {{\n        match key {{"
        )
        .unwrap();
        for (key, rest) in keys {
            writeln!(out, "            {key:?} => Some({name}::{}),", camel(rest)).unwrap();
        }
        writeln!(out, "            _ => None,\n        }}\n    }}\n}}\n").unwrap();
        writeln!(
            out,
            "impl Message for {name} {{\n    fn text(self, lang: Lang) -> &'static str {{\n        \
             {name}::text(self, lang)\n    }}\n}}\n"
        )
        .unwrap();
    }
    writeln!(
        out,
        "/// Every key of every section: its name, whether it round-trips through `from_key`, and\n\
         /// its texts (Vietnamese, English).\n\
         #[cfg(test)]\n\
         fn every_text() -> Vec<(&'static str, bool, &'static str, &'static str)> {{\n    \
         let mut out = Vec::new();\n{every_text}    out\n}}"
    )
    .unwrap();
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("messages.rs");
    std::fs::write(target, out).unwrap();

    for path in EMBEDDED_DATA {
        embed_data(path);
    }
}

/// The line-oriented data files the crate embeds (`embedded_data!`, src/data_file.rs).
const EMBEDDED_DATA: &[&str] = &[
    "search/vocabulary.tsv",
    "search/variants.tsv",
    "search/phrases.tsv",
    "search/common.tsv",
    "dossier/statuses.tsv",
    "dossier/status_aliases.tsv",
    "deadline/holidays/2024.txt",
    "deadline/holidays/2025.txt",
    "deadline/holidays/2026.txt",
    "deadline/holidays/2027.txt",
];

/// Writes `src/<path>` to `OUT_DIR/data/<path>` with its `#` comment lines emptied: their
/// documentation is for people editing the file, and the widget would otherwise download it
/// (about 1.4 KB brotli of the search files). The lines stay, so line numbers in a parse error
/// are the source file's; the reader (`data_lines`) skips blank lines as it skips comments.
fn embed_data(path: &str) {
    let source = Path::new("src").join(path);
    println!("cargo:rerun-if-changed={}", source.display());
    let text = std::fs::read_to_string(&source)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", source.display()));
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('#') {
            out.push_str(if line.ends_with("\r\n") { "\r\n" } else { "\n" });
        } else {
            out.push_str(line);
        }
    }
    let target = Path::new(&std::env::var("OUT_DIR").unwrap())
        .join("data")
        .join(path);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(target, out).unwrap();
}

fn parse(path: &Path, text: &str) -> BTreeMap<String, Entry> {
    let mut entries = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let fail = |problem: &str| -> ! { panic!("{}:{line}: {problem}", path.display()) };
        let Some((key, text)) = raw.split_once('\t') else {
            fail("expected `key<TAB>text`");
        };
        let key = key.trim();
        let text = text.trim();
        let valid_key = key.split('.').count() >= 2
            && key.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                    && part.as_bytes()[0].is_ascii_lowercase()
            });
        if !valid_key {
            fail("keys are `section.name` in lower case (a-z, 0-9, _; parts start with a letter)");
        }
        if text.is_empty() {
            fail("empty text");
        }
        if let Err(problem) = placeholders(text) {
            fail(&problem);
        }
        if entries
            .insert(
                key.to_string(),
                Entry {
                    line,
                    text: text.to_string(),
                },
            )
            .is_some()
        {
            fail(&format!("{key} is written twice"));
        }
    }
    entries
}

fn check_same_keys(tables: &[BTreeMap<String, Entry>]) {
    let (vi, en) = (&tables[0], &tables[1]);
    for (key, entry) in vi {
        match en.get(key) {
            None => panic!(
                "src/messages/vi.tsv:{}: {key} has no English text",
                entry.line
            ),
            Some(other) => {
                let (mut a, mut b) = (placeholders(&entry.text), placeholders(&other.text));
                for (_, name) in ONE_SIDED.iter().filter(|(k, _)| *k == key.as_str()) {
                    let (in_vi, in_en) = (
                        a.as_mut().is_ok_and(|a| a.remove(*name)),
                        b.as_mut().is_ok_and(|b| b.remove(*name)),
                    );
                    if in_vi == in_en {
                        panic!(
                            "build.rs: ONE_SIDED lists {{{name}}} of {key}, which is not one-sided"
                        );
                    }
                }
                if a != b {
                    panic!(
                        "src/messages/en.tsv:{}: {key} uses placeholders {b:?}, vi.tsv:{} uses {a:?}",
                        other.line, entry.line
                    );
                }
            }
        }
    }
    for (key, _) in ONE_SIDED {
        if !vi.contains_key(*key) {
            panic!("build.rs: ONE_SIDED lists {key}, which is in no table");
        }
    }
    for (key, entry) in en {
        if !vi.contains_key(key) {
            panic!(
                "src/messages/en.tsv:{}: {key} has no Vietnamese text",
                entry.line
            );
        }
    }
}

/// The `{name}` placeholders of a text; any other brace is an error.
fn placeholders(text: &str) -> Result<BTreeSet<String>, String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err("a `}` without its `{`".into());
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("a `{` without its `}`")?;
        let name = &after[..close];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(format!(
                "placeholder {{{name}}}: use lower-case letters and _"
            ));
        }
        names.insert(name.to_string());
        rest = &after[close + 1..];
    }
    Ok(names)
}

/// `results_found` → `ResultsFound`; dotted parts (`a.b_c`) join the same way (`ABC`).
fn camel(key: &str) -> String {
    let mut out = String::new();
    for word in key.split(['.', '_']) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

fn doc(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    short.replace(['\n', '`'], " ")
}
