//! Ranking: which entries match a query, and in what order.
//!
//! A query word is turned once into a range of word numbers (every indexed word it
//! starts), so matching an entry is integer comparisons over its precomputed words; no
//! string is built or compared per entry. Every query word must match (AND). The score
//! adds, per query word, the weight of its best match, then bonuses for the name holding
//! the query in order, at its start, and for a query that is the entry's whole code.
//! Equal scores fall back to the order precomputed in [`SearchIndex::new`]: shorter
//! folded name, folded name, key. All sort keys are one `u64`, so sorting is cheap.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::index::{written_words, Doc, SearchFilters, SearchIndex};
use super::SearchQuery;
use crate::procedure::{AdministrativeLevel, OnlineLevel};
use crate::text::fold;

/// What a search found: how many entries match, and the best of them.
///
/// ```
/// use motcua_core::search::SearchResults;
/// let none = SearchResults::default();
/// assert_eq!((none.total, none.hits.len()), (0, 0));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    /// How many entries match (all of them, not only those in `hits`).
    pub total: usize,
    /// The best matches, best first, at most the `limit` asked for.
    pub hits: Vec<SearchHit>,
}

/// One match: where it is in [`SearchIndex::entries`] and how well it matched.
///
/// ```
/// use motcua_core::search::SearchHit;
/// let hit = SearchHit { index: 3, score: 160 };
/// assert_eq!(serde_json::to_string(&hit).unwrap(), r#"{"index":3,"score":160}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// Index into [`SearchIndex::entries`].
    pub index: usize,
    /// Higher is better; only comparable between hits of the same query. 0 for an
    /// empty query (everything listed, by name).
    pub score: u32,
}

/// Points for a query word matching a word of one part of an entry.
struct Weight {
    /// The word itself.
    exact: u32,
    /// A longer word starting with it (a word being typed: "khai si").
    prefix: u32,
}

// The name is what citizens read; code and field are precise but secondary; keywords
// (e.g. the result's name) are hints. Each step is larger than ACCENT, so a better
// accent never outweighs a better kind of match.
const NAME: Weight = Weight {
    exact: 60,
    prefix: 40,
};
const CODE_OR_FIELD: Weight = Weight {
    exact: 30,
    prefix: 20,
};
const KEYWORDS: Weight = Weight {
    exact: 15,
    prefix: 10,
};
/// A query word typed with diacritics matching the word as written, not only folded:
/// "mã" prefers "mã số" to "ma túy".
const ACCENT: u32 = 4;
/// The name holds the query words consecutively, in the typed order.
const IN_ORDER: u32 = 50;
/// ... and starts with them.
const AT_START: u32 = 30;
/// The query is the entry's national code ("2.000815", "2000815"): it goes first.
const WHOLE_CODE: u32 = 1000;

/// Never a word number: word numbers are below the vocabulary's length.
const NO_WORD: u32 = u32::MAX;

/// One query word, resolved against the index.
struct Word<'a> {
    /// Numbers of the folded words starting with it.
    range: Range<u32>,
    /// Number of the word itself, or [`NO_WORD`].
    exact: u32,
    /// When typed with diacritics: numbers of the written words starting with it.
    accent: Option<Range<u32>>,
    /// When it is an abbreviation: its phrase's word numbers.
    phrase: Option<&'a [u32]>,
}

impl Word<'_> {
    /// How many name words it covers when matching at `at` (1, or a phrase's length).
    fn covers(&self, name: &[u32], at: usize) -> Option<usize> {
        if self.range.contains(name.get(at)?) {
            return Some(1);
        }
        // Greedy is enough: the synonym table's tests ensure no abbreviation starts its
        // phrase's first word, so at most one of the two can match here.
        self.phrase
            .filter(|p| name[at..].starts_with(p))
            .map(<[u32]>::len)
    }
}

/// The query resolved against the index, once per search.
struct Plan<'a> {
    /// Distinct query words: a word typed twice must still match, but is looked up and
    /// scored once (then counted twice), so "c c c ..." costs what "c" costs.
    words: Vec<Word<'a>>,
    /// How many times each of `words` was typed.
    times: Vec<u32>,
    /// The typed order, as indices into `words`, for the in-order bonus.
    sequence: Vec<usize>,
    /// The number of all query words written together, when some code has it.
    whole_code: Option<u32>,
}

impl<'a> Plan<'a> {
    fn new(index: &'a SearchIndex, query: &SearchQuery) -> Self {
        let folded = query.words();
        let written = written_words(query.as_str());
        // Same splitting rules, so the lists align; checked anyway rather than assumed.
        let aligned = written.len() == folded.len();
        // A word is (folded, as written when that has diacritics).
        let mut distinct: Vec<(&str, Option<&str>)> = Vec::new();
        let mut times = Vec::new();
        let mut sequence = Vec::with_capacity(folded.len());
        for (i, word) in folded.iter().enumerate() {
            let accented = written
                .get(i)
                .filter(|w| aligned && *w != word)
                .map(String::as_str);
            let key = (word.as_str(), accented);
            let position = distinct.iter().position(|k| *k == key).unwrap_or_else(|| {
                distinct.push(key);
                times.push(0);
                distinct.len() - 1
            });
            times[position] += 1;
            sequence.push(position);
        }
        let words = distinct
            .into_iter()
            .map(|(word, accented)| Word {
                range: index.folded.prefixed(word),
                exact: index.folded.id(word).unwrap_or(NO_WORD),
                accent: accented.map(|w| index.accented.prefixed(w)),
                phrase: index
                    .abbreviations
                    .iter()
                    .find(|(abbreviation, _)| abbreviation == word)
                    .and_then(|(_, phrase)| phrase.as_deref()),
            })
            .collect();
        let whole_code = (!folded.is_empty())
            .then(|| index.folded.id(&folded.concat()))
            .flatten();
        Plan {
            words,
            times,
            sequence,
            whole_code,
        }
    }

    /// True when some word matches nothing in the whole catalogue.
    fn is_hopeless(&self) -> bool {
        self.words
            .iter()
            .any(|w| w.range.is_empty() && w.phrase.is_none())
    }

    /// Entries that may match, as a bitset (bit `i` of word `i / 64`): for each query
    /// word, those holding a word it starts (or its phrase's first word), intersected.
    /// A superset of the matches; [`Plan::score`] decides. It spares scoring entries
    /// that share no word with the query, most of the catalogue for most queries.
    fn candidates(&self, index: &SearchIndex) -> Vec<u64> {
        let len = index.docs.len().div_ceil(64);
        let mut all = vec![u64::MAX; len];
        let mut one = vec![0u64; len];
        for word in &self.words {
            one.fill(0);
            let phrase_start = word.phrase.map_or(0..0, |p| p[0]..p[0] + 1);
            for &i in index
                .postings_of(word.range.clone())
                .iter()
                .chain(index.postings_of(phrase_start))
            {
                one[i as usize / 64] |= 1 << (i % 64);
            }
            let mut any = 0;
            all.iter_mut().zip(&one).for_each(|(a, o)| {
                *a &= o;
                any |= *a;
            });
            if any == 0 {
                break; // nothing left to intersect
            }
        }
        all
    }

    /// The entry's score, or `None` when some query word does not match it.
    fn score(&self, index: &SearchIndex, doc: &Doc) -> Option<u32> {
        let mut total = 0;
        for (word, times) in self.words.iter().zip(&self.times) {
            match best_match(index, doc, word) {
                0 => return None,
                points => total += points * times,
            }
        }
        if let Some(at) = self.in_order(slice(&index.tokens, &doc.name)) {
            total += IN_ORDER + if at == 0 { AT_START } else { 0 };
        }
        if self.whole_code.is_some() && doc.whole_code == self.whole_code {
            total += WHOLE_CODE;
        }
        Some(total)
    }

    /// The first position where the name holds every query word consecutively, in order.
    fn in_order(&self, name: &[u32]) -> Option<usize> {
        (0..name.len()).find(|&start| {
            let mut at = start;
            self.sequence
                .iter()
                .all(|&w| match self.words[w].covers(name, at) {
                    Some(n) => {
                        at += n;
                        true
                    }
                    None => false,
                })
        })
    }
}

fn slice<'t>(tokens: &'t [u32], span: &Range<u32>) -> &'t [u32] {
    &tokens[span.start as usize..span.end as usize]
}

/// Points of the best match of `word` in the entry, 0 when none.
fn best_match(index: &SearchIndex, doc: &Doc, word: &Word) -> u32 {
    let parts = [
        (&doc.name, NAME),
        (&doc.code, CODE_OR_FIELD),
        (&doc.field, CODE_OR_FIELD),
        (&doc.keywords, KEYWORDS),
    ];
    let mut best = 0;
    for (span, weight) in parts {
        // Parts come by decreasing weight: once one is beaten, so are the rest.
        if best >= weight.exact + ACCENT {
            break;
        }
        let tokens = slice(&index.tokens, span);
        for (k, t) in tokens.iter().enumerate() {
            if !word.range.contains(t) {
                continue;
            }
            let mut points = if *t == word.exact {
                weight.exact
            } else {
                weight.prefix
            };
            if let Some(accent) = &word.accent {
                if accent.contains(&index.accents[span.start as usize + k]) {
                    points += ACCENT;
                }
            }
            best = best.max(points);
        }
        if let Some(phrase) = word.phrase {
            if tokens.windows(phrase.len()).any(|w| w == phrase) {
                best = best.max(weight.exact);
            }
        }
    }
    best
}

/// The filters prepared once per search.
struct Filter<'f> {
    agency: Option<&'f str>,
    field: Option<String>,
    level: Option<AdministrativeLevel>,
    online_level: Option<OnlineLevel>,
}

impl<'f> Filter<'f> {
    fn new(filters: &'f SearchFilters) -> Self {
        Filter {
            // An empty choice ("all agencies" in a form) filters nothing.
            agency: filters
                .agency
                .as_deref()
                .map(|a| a.trim().trim_end_matches('.'))
                .filter(|a| !a.is_empty()),
            field: filters.field.as_deref().map(fold).filter(|f| !f.is_empty()),
            level: filters.level,
            online_level: filters.online_level,
        }
    }

    fn passes(&self, index: &SearchIndex, i: usize) -> bool {
        let (entry, doc) = (&index.entries[i], &index.docs[i]);
        self.level.is_none_or(|l| l == entry.level)
            && self.online_level.is_none_or(|l| l == entry.online_level)
            && self.field.as_ref().is_none_or(|f| *f == doc.field_folded)
            && self
                .agency
                .is_none_or(|a| entry.agency_codes.iter().any(|c| is_within(c, a)))
    }
}

/// True when agency `code` is `agency` or a unit below it ("H15.50.05" is within "H15"
/// and "H15.50", not within "H15.5").
fn is_within(code: &str, agency: &str) -> bool {
    let (code, agency) = (code.trim().as_bytes(), agency.as_bytes());
    code.len() >= agency.len()
        && code[..agency.len()].eq_ignore_ascii_case(agency)
        && (code.len() == agency.len() || code[agency.len()] == b'.')
}

impl SearchIndex {
    /// Ranked matches: indices into [`entries`](SearchIndex::entries), best first, at
    /// most `limit`; `total` counts all matches.
    ///
    /// Every query word must start a word of the entry (name, code, field or keywords),
    /// with or without diacritics, in any order; abbreviations such as "GPLX" also match
    /// their phrase. An empty query lists every entry that passes the filters, by name.
    ///
    /// ```
    /// use motcua_core::procedure::{AdministrativeLevel, OnlineLevel};
    /// use motcua_core::search::{SearchEntry, SearchFilters, SearchIndex, SearchQuery};
    /// let entry = |key: &str, name: &str, code: &str| SearchEntry {
    ///     key: key.into(),
    ///     name: name.into(),
    ///     code: Some(code.into()),
    ///     field: "Đường bộ".into(),
    ///     agency_codes: vec!["H15.20".into()],
    ///     level: AdministrativeLevel::Province,
    ///     online_level: OnlineLevel::ToanTrinh,
    ///     keywords: vec![],
    /// };
    /// let index = SearchIndex::new(vec![
    ///     entry("cap-lai", "Cấp lại giấy phép lái xe", "1.002809"),
    ///     entry("cap-doi", "Cấp đổi giấy phép lái xe", "1.002804"),
    /// ]);
    /// let search = |text: &str, limit| {
    ///     let query = SearchQuery::parse(text).unwrap();
    ///     let results = index.search(&query, &SearchFilters::default(), limit);
    ///     let keys: Vec<&str> = results.hits.iter().map(|h| index.entries()[h.index].key.as_str()).collect();
    ///     (results.total, keys)
    /// };
    /// assert_eq!(search("cap doi gplx", 10), (1, vec!["cap-doi"]));
    /// assert_eq!(search("Cấp lại", 10), (2, vec!["cap-lai", "cap-doi"]));
    /// assert_eq!(search("1.002804", 10), (1, vec!["cap-doi"]));
    /// assert_eq!(search("", 1), (2, vec!["cap-doi"])); // by name: "đổi" < "lại"
    /// ```
    pub fn search(
        &self,
        query: &SearchQuery,
        filters: &SearchFilters,
        limit: usize,
    ) -> SearchResults {
        let filter = Filter::new(filters);
        let plan = Plan::new(self, query);
        if plan.is_hopeless() {
            return SearchResults::default();
        }
        let listing = plan.words.is_empty();
        // Sort key: inverted score in the high half, tie-break position in the low half,
        // so ascending order of one u64 is the ranking.
        let mut found: Vec<u64> = Vec::new();
        if listing {
            for (i, doc) in self.docs.iter().enumerate() {
                if filter.passes(self, i) {
                    found.push((u64::from(u32::MAX) << 32) | u64::from(doc.name_order));
                }
            }
        } else {
            for (w, mut bits) in plan.candidates(self).into_iter().enumerate() {
                while bits != 0 {
                    let i = w * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    // Bits past the last entry are never set: postings hold real entries.
                    let doc = &self.docs[i];
                    if !filter.passes(self, i) {
                        continue;
                    }
                    if let Some(score) = plan.score(self, doc) {
                        found.push((u64::from(u32::MAX - score) << 32) | u64::from(doc.rank));
                    }
                }
            }
        }
        let total = found.len();
        if limit < found.len() {
            if limit > 0 {
                found.select_nth_unstable(limit - 1);
            }
            found.truncate(limit);
        }
        found.sort_unstable();
        let positions = if listing {
            &self.by_name
        } else {
            &self.by_rank
        };
        let hits = found
            .into_iter()
            .map(|key| SearchHit {
                index: positions[(key & u64::from(u32::MAX)) as usize] as usize,
                score: u32::MAX - (key >> 32) as u32,
            })
            .collect();
        SearchResults { total, hits }
    }
}
