//! The catalogue prepared for ranked search: every entry's words are split, folded and
//! numbered once, in [`SearchIndex::new`], so that a query compares integers only.
//!
//! Layout: all distinct folded words are sorted into a vocabulary and numbered in that
//! order, so the words starting with a typed prefix are one contiguous range of numbers
//! (found by two binary searches per query word). Each entry's words are stored as those
//! numbers in one flat array, name first, then code, field and keywords, with a parallel
//! array holding the numbers of the same words as written (lower case, diacritics kept),
//! used to prefer exact accented matches. An inverted index (the entries holding each
//! word) lets a query score only the entries that share every one of its words.
//!
//! Words as written are compared as they come: a name stored decomposed (NFD) and a
//! query typed precomposed still match folded, they only miss the accent preference.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::procedure::{AdministrativeLevel, OnlineLevel};
use crate::text::{fold, is_combining_mark};

use super::synonyms;

/// One procedure as the search index sees it.
///
/// ```
/// use motcua_core::procedure::{AdministrativeLevel, OnlineLevel};
/// use motcua_core::search::SearchEntry;
/// let entry = SearchEntry {
///     key: "cap-doi-giay-phep-lai-xe".into(),
///     name: "Cấp đổi giấy phép lái xe".into(),
///     code: Some("1.002804".into()),
///     field: "Đường bộ".into(),
///     agency_codes: vec!["H15.20".into()],
///     level: AdministrativeLevel::Province,
///     online_level: OnlineLevel::ToanTrinh,
///     keywords: vec!["Giấy phép lái xe".into()],
/// };
/// let json = serde_json::to_string(&entry).unwrap();
/// assert_eq!(serde_json::from_str::<SearchEntry>(&json).unwrap(), entry);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchEntry {
    /// The procedure's slug, unique in the catalogue; the last tie-breaker of the ranking.
    pub key: String,
    /// The official name with diacritics, e.g. "Cấp đổi giấy phép lái xe".
    pub name: String,
    /// The national code, e.g. "2.000815", when published.
    #[serde(default)]
    pub code: Option<String>,
    /// The field (lĩnh vực), e.g. "Hộ tịch".
    pub field: String,
    /// Electronic codes of the agencies that handle it, e.g. `["H15.50", "H15.50.05"]`.
    #[serde(default)]
    pub agency_codes: Vec<String>,
    /// The implementing level.
    pub level: AdministrativeLevel,
    /// The online service level.
    pub online_level: OnlineLevel,
    /// Extra words (e.g. the result's name), matched with the lowest weight.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// Restrictions applied before ranking; `None` (or an empty string) leaves a criterion out.
///
/// ```
/// use motcua_core::procedure::AdministrativeLevel;
/// use motcua_core::search::SearchFilters;
/// let filters = SearchFilters {
///     agency: Some("H15.50".into()), // the agency and every unit below it
///     field: Some("Ho tich".into()), // compared folded: same as "Hộ tịch"
///     level: Some(AdministrativeLevel::Commune),
///     ..SearchFilters::default()
/// };
/// assert!(filters.online_level.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchFilters {
    /// An agency code: entries handled by it or by a unit below it ("H15" includes
    /// "H15.50.05"), compared ignoring ASCII case.
    pub agency: Option<String>,
    /// A field, compared folded ("Ho tich" selects "Hộ tịch").
    pub field: Option<String>,
    /// Only this implementing level.
    pub level: Option<AdministrativeLevel>,
    /// Only this online service level.
    pub online_level: Option<OnlineLevel>,
}

/// The catalogue, indexed for ranked search (see [`SearchIndex::search`]).
///
/// ```
/// use motcua_core::procedure::{AdministrativeLevel, OnlineLevel};
/// use motcua_core::search::{SearchEntry, SearchFilters, SearchIndex, SearchQuery};
/// let entry = |key: &str, name: &str| SearchEntry {
///     key: key.into(),
///     name: name.into(),
///     code: None,
///     field: "Hộ tịch".into(),
///     agency_codes: vec![],
///     level: AdministrativeLevel::Commune,
///     online_level: OnlineLevel::ToanTrinh,
///     keywords: vec![],
/// };
/// let index = SearchIndex::new(vec![
///     entry("dang-ky-khai-tu", "Đăng ký khai tử"),
///     entry("dang-ky-khai-sinh", "Đăng ký khai sinh"),
/// ]);
/// let query = SearchQuery::parse("dang ky khai sinh").unwrap();
/// let results = index.search(&query, &SearchFilters::default(), 10);
/// assert_eq!(results.total, 1);
/// assert_eq!(index.entries()[results.hits[0].index].key, "dang-ky-khai-sinh");
/// ```
#[derive(Clone)]
pub struct SearchIndex {
    pub(super) entries: Vec<SearchEntry>,
    pub(super) docs: Vec<Doc>,
    /// Folded word numbers of every entry, see [`Doc`] for the spans.
    pub(super) tokens: Vec<u32>,
    /// Numbers of the same words as written (in [`SearchIndex::accented`]), parallel to
    /// `tokens`.
    pub(super) accents: Vec<u32>,
    pub(super) folded: Vocabulary,
    pub(super) accented: Vocabulary,
    /// Folded abbreviation → its phrase as folded word numbers; `None` when a word of the
    /// phrase occurs nowhere in the catalogue, so the phrase cannot match.
    pub(super) abbreviations: Vec<(String, Option<Box<[u32]>>)>,
    /// Entries holding each folded word: those of word `w` are
    /// `postings[posting_starts[w]..posting_starts[w + 1]]`, ascending. Word numbers of a
    /// prefix being contiguous, so are their postings: one slice per query word.
    pub(super) postings: Vec<u32>,
    pub(super) posting_starts: Vec<u32>,
    /// Entry indices in tie-break order: shorter folded name, folded name, key.
    pub(super) by_rank: Vec<u32>,
    /// Entry indices in listing order (empty query): folded name, key.
    pub(super) by_name: Vec<u32>,
}

/// Separates keywords in the token arrays, so a phrase never spans two keywords. It is
/// never inside a query word's range, since ranges are below the vocabulary's length.
pub(super) const SEPARATOR: u32 = u32::MAX;

/// Where one entry's words are in [`SearchIndex::tokens`], and its precomputed keys.
#[derive(Debug, Clone)]
pub(super) struct Doc {
    pub(super) name: Range<u32>,
    pub(super) code: Range<u32>,
    pub(super) field: Range<u32>,
    pub(super) keywords: Range<u32>,
    /// The number of the code's digits and letters written together ("2000815" for
    /// "2.000815"), to recognise a query that is the whole code.
    pub(super) whole_code: Option<u32>,
    /// The field folded, for the field filter.
    pub(super) field_folded: String,
    /// Position in [`SearchIndex::by_rank`], resp. [`SearchIndex::by_name`].
    pub(super) rank: u32,
    pub(super) name_order: u32,
}

/// Distinct words numbered in order of first appearance, while indexing.
#[derive(Default)]
struct Interner {
    numbers: HashMap<String, u32>,
    words: Vec<String>,
}

impl Interner {
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&n) = self.numbers.get(word) {
            return n;
        }
        let n = self.words.len() as u32;
        self.numbers.insert(word.to_owned(), n);
        self.words.push(word.to_owned());
        n
    }

    /// The sorted vocabulary, and for each provisional number its final one.
    fn into_vocabulary(self) -> (Vocabulary, Vec<u32>) {
        let mut order: Vec<u32> = (0..self.words.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.words[a as usize].cmp(&self.words[b as usize]));
        let mut renumber = vec![0; order.len()];
        for (n, &provisional) in order.iter().enumerate() {
            renumber[provisional as usize] = n as u32;
        }
        let mut words = self.words;
        let sorted = order
            .iter()
            .map(|&p| std::mem::take(&mut words[p as usize]))
            .collect();
        (Vocabulary(sorted), renumber)
    }
}

/// Distinct words, sorted, numbered by position.
#[derive(Debug, Clone, Default)]
pub(super) struct Vocabulary(Vec<String>);

impl Vocabulary {
    /// The number of `word`, when some entry has it.
    pub(super) fn id(&self, word: &str) -> Option<u32> {
        self.0
            .binary_search_by(|w| w.as_str().cmp(word))
            .ok()
            .map(|i| i as u32)
    }

    /// Numbers of the words starting with `prefix` (the word itself included): contiguous
    /// because the vocabulary is sorted.
    pub(super) fn prefixed(&self, prefix: &str) -> Range<u32> {
        let start = self.0.partition_point(|w| w.as_str() < prefix);
        let len = self.0[start..].partition_point(|w| w.starts_with(prefix));
        start as u32..(start + len) as u32
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }
}

/// Splits text into lower-case words as written, diacritics kept, with the same
/// boundaries as [`fold`]: runs of letters and digits, combining marks (decomposed input)
/// staying inside their word. Words that fold to nothing (stray marks) are dropped, so
/// word `i` here folds to word `i` of `fold(text)`.
pub(super) fn written_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || is_combining_mark(c) {
            word.push(c);
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    words.push(word);
    words.retain(|w| w.chars().any(char::is_alphanumeric));
    words
}

/// Word pairs `(as written, folded)` of one text, before numbering.
fn word_pairs(text: &str) -> impl Iterator<Item = (String, String)> {
    written_words(text).into_iter().map(|w| {
        let f = fold(&w);
        (w, f)
    })
}

/// An entry's words before numbering: spans as in [`Doc`], `None` marking a separator.
struct Split {
    words: Vec<Option<(String, String)>>,
    spans: [Range<u32>; 4],
    whole_code: Option<String>,
}

/// Appends `items` to `words`, returning where they went.
fn push_span(
    words: &mut Vec<Option<(String, String)>>,
    items: impl IntoIterator<Item = Option<(String, String)>>,
) -> Range<u32> {
    let start = words.len() as u32;
    words.extend(items);
    start..words.len() as u32
}

fn split(entry: &SearchEntry) -> Split {
    let mut words = Vec::new();
    let name = push_span(&mut words, word_pairs(&entry.name).map(Some));

    let mut code_words: Vec<(String, String)> = entry
        .code
        .as_deref()
        .map(|c| word_pairs(c).collect())
        .unwrap_or_default();
    let joined: String = code_words.iter().map(|(_, f)| f.as_str()).collect();
    // "2.000815" folds to "2" and "000815"; typed without the dot, "2000815" must match
    // too, so the joined form is one more word of the code.
    if code_words.len() > 1 {
        code_words.push((joined.clone(), joined.clone()));
    }
    let code = push_span(&mut words, code_words.into_iter().map(Some));

    let field = push_span(&mut words, word_pairs(&entry.field).map(Some));
    let keywords = push_span(
        &mut words,
        entry.keywords.iter().enumerate().flat_map(|(i, keyword)| {
            let separator = (i > 0).then_some(None);
            separator.into_iter().chain(word_pairs(keyword).map(Some))
        }),
    );
    Split {
        words,
        spans: [name, code, field, keywords],
        whole_code: (!joined.is_empty()).then_some(joined),
    }
}

/// The inverted index: for each folded word (in number order), the entries holding it.
fn postings(docs: &[Doc], tokens: &[u32], words: usize) -> (Vec<u32>, Vec<u32>) {
    let mut pairs: Vec<(u32, u32)> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, doc)| {
            tokens[doc.name.start as usize..doc.keywords.end as usize]
                .iter()
                .filter(|&&t| t != SEPARATOR)
                .map(move |&t| (t, i as u32))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut starts = vec![0u32; words + 1];
    for &(t, _) in &pairs {
        starts[t as usize + 1] += 1;
    }
    for w in 0..words {
        starts[w + 1] += starts[w];
    }
    (pairs.into_iter().map(|(_, i)| i).collect(), starts)
}

impl SearchIndex {
    /// Indexes the catalogue: splits, folds and numbers every word once.
    ///
    /// ```
    /// use motcua_core::search::SearchIndex;
    /// assert!(SearchIndex::new(vec![]).is_empty());
    /// ```
    pub fn new(entries: Vec<SearchEntry>) -> Self {
        // Words get provisional numbers in order of appearance (a hash lookup each),
        // renumbered once the distinct words are sorted: sorting 3,700 distinct words
        // instead of 45,000 occurrences.
        let mut folded = Interner::default();
        let mut accented = Interner::default();
        let mut tokens = Vec::new();
        let mut accents = Vec::new();
        let mut docs = Vec::with_capacity(entries.len());
        for entry in &entries {
            let s = split(entry);
            let base = tokens.len() as u32;
            for word in &s.words {
                let (t, a) = match word {
                    Some((w, f)) => (folded.intern(f), accented.intern(w)),
                    None => (SEPARATOR, SEPARATOR),
                };
                tokens.push(t);
                accents.push(a);
            }
            let [name, code, field, keywords] =
                s.spans.clone().map(|r| r.start + base..r.end + base);
            docs.push(Doc {
                name,
                code,
                field,
                keywords,
                whole_code: s.whole_code.as_deref().map(|c| folded.intern(c)),
                field_folded: fold(&entry.field),
                rank: 0,
                name_order: 0,
            });
        }
        let (folded, renumber) = folded.into_vocabulary();
        let renumber = |t: &mut u32| {
            if *t != SEPARATOR {
                *t = renumber[*t as usize];
            }
        };
        tokens.iter_mut().for_each(renumber);
        docs.iter_mut()
            .filter_map(|d| d.whole_code.as_mut())
            .for_each(renumber);
        let (accented, renumber) = accented.into_vocabulary();
        accents
            .iter_mut()
            .filter(|a| **a != SEPARATOR)
            .for_each(|a| *a = renumber[*a as usize]);

        let (postings, posting_starts) = postings(&docs, &tokens, folded.len());

        let names: Vec<String> = entries.iter().map(|e| fold(&e.name)).collect();
        let mut by_name: Vec<u32> = (0..entries.len() as u32).collect();
        by_name.sort_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            (&names[a], &entries[a].key).cmp(&(&names[b], &entries[b].key))
        });
        let mut by_rank = by_name.clone();
        // Stable sort: equal lengths stay in name-then-key order.
        by_rank.sort_by_key(|&i| names[i as usize].len());
        for (position, &i) in by_rank.iter().enumerate() {
            docs[i as usize].rank = position as u32;
        }
        for (position, &i) in by_name.iter().enumerate() {
            docs[i as usize].name_order = position as u32;
        }

        let abbreviations = synonyms::folded()
            .map(|(abbreviation, phrase)| {
                let ids: Option<Box<[u32]>> = phrase.iter().map(|w| folded.id(w)).collect();
                (abbreviation, ids)
            })
            .collect();

        SearchIndex {
            entries,
            docs,
            tokens,
            accents,
            folded,
            accented,
            abbreviations,
            postings,
            posting_starts,
            by_rank,
            by_name,
        }
    }

    /// The entries holding a folded word numbered in `words`, ascending per word (an
    /// entry may appear once per word of the range).
    pub(super) fn postings_of(&self, words: Range<u32>) -> &[u32] {
        let start = self.posting_starts[words.start as usize] as usize;
        let end = self.posting_starts[words.end as usize] as usize;
        &self.postings[start..end]
    }

    /// The indexed entries, in the order given to [`SearchIndex::new`]; hits point here.
    ///
    /// ```
    /// use motcua_core::search::SearchIndex;
    /// assert_eq!(SearchIndex::new(vec![]).entries().len(), 0);
    /// ```
    pub fn entries(&self) -> &[SearchEntry] {
        &self.entries
    }

    /// The number of entries.
    ///
    /// ```
    /// use motcua_core::search::SearchIndex;
    /// assert_eq!(SearchIndex::new(vec![]).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the catalogue is empty.
    ///
    /// ```
    /// use motcua_core::search::SearchIndex;
    /// assert!(SearchIndex::new(vec![]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Sizes only: the arrays are large and not meant for reading.
impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex")
            .field("entries", &self.entries.len())
            .field("tokens", &self.tokens.len())
            .field("vocabulary", &self.folded.len())
            .finish_non_exhaustive()
    }
}
