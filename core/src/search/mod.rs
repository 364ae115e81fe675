//! What a citizen types into the search box, parsed once: the same rules (length limit,
//! folding, words) apply in the browser, in the page's server function and in the JSON API.
//!
//! [`SearchIndex`] ranks the catalogue for a [`SearchQuery`]: with or without diacritics,
//! any word order, partial words, abbreviations ("GPLX") and national codes, narrowed by
//! [`SearchFilters`]. It is built once per catalogue and answers a query over a few
//! thousand procedures in microseconds (`cargo run -p motcua-core --release --example
//! search_p95`).

mod index;
#[cfg(test)]
mod index_tests;
mod rank;
mod synonyms;
// proptest is a native-only dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod index_props;

pub use index::{SearchEntry, SearchFilters, SearchIndex};
pub use rank::{SearchHit, SearchResults};

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::fold;

/// Longest query accepted, in characters. The search box has the same `maxlength`.
pub const MAX_QUERY_CHARS: usize = 200;

/// Why a query was refused. The message is for citizens, in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Longer than [`MAX_QUERY_CHARS`].
    #[error("Từ khóa tìm kiếm quá dài (tối đa {MAX_QUERY_CHARS} ký tự).")]
    TooLong,
}

/// A search query: the text as typed (trimmed) and its folded words.
///
/// ```
/// use motcua_core::search::SearchQuery;
/// let q = SearchQuery::parse("  Khai  SINH! ").unwrap();
/// assert_eq!(q.as_str(), "Khai  SINH!");
/// assert_eq!(q.words(), ["khai", "sinh"]);
/// assert!(SearchQuery::parse(" ,; ").unwrap().is_empty());
/// assert!(SearchQuery::parse(&"a".repeat(201)).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SearchQuery {
    text: String,
    words: Vec<String>,
}

impl SearchQuery {
    /// Trims the text, refuses it when too long, and folds it into words.
    ///
    /// ```
    /// use motcua_core::search::SearchQuery;
    /// assert_eq!(SearchQuery::parse("Đăng ký").unwrap().words(), ["dang", "ky"]);
    /// ```
    pub fn parse(text: &str) -> Result<Self, QueryError> {
        let text = text.trim();
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong);
        }
        let words = fold(text)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        Ok(SearchQuery {
            text: text.to_owned(),
            words,
        })
    }

    /// The text as typed, trimmed: what the page repeats back to the citizen.
    ///
    /// ```
    /// use motcua_core::search::SearchQuery;
    /// assert_eq!(SearchQuery::parse(" giấy phép ").unwrap().as_str(), "giấy phép");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The folded words; every one must occur in a match.
    ///
    /// ```
    /// use motcua_core::search::SearchQuery;
    /// assert_eq!(SearchQuery::parse("GPLX-hạng B2").unwrap().words(), ["gplx", "hang", "b2"]);
    /// ```
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// True when the query has no words (empty, or punctuation only): it lists everything.
    ///
    /// ```
    /// use motcua_core::search::SearchQuery;
    /// assert!(SearchQuery::parse("%%").unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// True when every word occurs, as a substring, in `text` folded: case, diacritics,
    /// word order and partial words do not matter.
    ///
    /// ```
    /// use motcua_core::search::SearchQuery;
    /// let q = SearchQuery::parse("khai sinh dang").unwrap();
    /// assert!(q.matches("Đăng ký khai sinh"));
    /// assert!(!SearchQuery::parse("khai tu").unwrap().matches("Đăng ký khai sinh"));
    /// ```
    pub fn matches(&self, text: &str) -> bool {
        let haystack = fold(text);
        self.words.iter().all(|w| haystack.contains(w.as_str()))
    }
}

impl fmt::Display for SearchQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl TryFrom<String> for SearchQuery {
    type Error = QueryError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        SearchQuery::parse(&text)
    }
}

impl From<SearchQuery> for String {
    fn from(query: SearchQuery) -> Self {
        query.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        // "ế" is 3 bytes in UTF-8: 200 of them are 600 bytes, still accepted.
        assert!(SearchQuery::parse(&"ế".repeat(MAX_QUERY_CHARS)).is_ok());
        assert_eq!(
            SearchQuery::parse(&"ế".repeat(MAX_QUERY_CHARS + 1)),
            Err(QueryError::TooLong)
        );
    }

    #[test]
    fn partial_words_match() {
        assert!(SearchQuery::parse("gi phep lai")
            .unwrap()
            .matches("Cấp đổi giấy phép lái xe"));
    }

    #[test]
    fn an_empty_query_matches_everything() {
        assert!(SearchQuery::parse("").unwrap().matches("Đăng ký khai sinh"));
    }

    #[test]
    fn json_is_validated_on_the_way_in() {
        let q: SearchQuery = serde_json::from_str(r#""Khai sinh""#).unwrap();
        assert_eq!(q.words(), ["khai", "sinh"]);
        let too_long = format!("\"{}\"", "a".repeat(MAX_QUERY_CHARS + 1));
        assert!(serde_json::from_str::<SearchQuery>(&too_long).is_err());
    }
}
