//! The hash chain of the audit log: days, the first link of a day, and the hash of an
//! entry. The hashed text is a JSON array (unambiguous: no field can pose as two) of a
//! version tag, the chain position, the previous hash and every stored field, exactly as
//! stored (JSON details are hashed as their stored text).

use chrono::DateTime;
use motcua_core::deadline::vietnam_local;
use serde_json::json;

use crate::ids::sha256_hex;

/// An entry's fields, as stored in `audit_log`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    /// Row id.
    pub id: String,
    /// When (Unix ms).
    pub at_ms: i64,
    /// Who (id).
    pub actor_id: String,
    /// Who (name).
    pub actor_name: String,
    /// Their role.
    pub actor_role: String,
    /// Their unit.
    pub actor_unit: Option<String>,
    /// What.
    pub action: String,
    /// On what kind of thing.
    pub subject_kind: String,
    /// Its id.
    pub subject_id: String,
    /// Before (JSON text).
    pub before: Option<String>,
    /// After (JSON text).
    pub after: Option<String>,
    /// Details (JSON text).
    pub detail: String,
}

/// The chain day of an instant: its date in Asia/Ho_Chi_Minh (UTC+7, no daylight saving),
/// `YYYY-MM-DD`.
pub fn day_of(at_ms: i64) -> String {
    DateTime::from_timestamp_millis(at_ms)
        .map(|t| vietnam_local(t).format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "0000-00-00".to_owned())
}

/// The "previous hash" of a day's first entry.
pub fn genesis(day: &str) -> String {
    sha256_hex(format!("motcua-audit-chain-v1\n{day}\n").as_bytes())
}

/// The hash of an entry at `seq` of `day`'s chain after `prev_hash`.
pub fn entry_hash(day: &str, seq: i64, prev_hash: &str, f: &Fields) -> String {
    let text = json!([
        "motcua-audit-entry-v1",
        day,
        seq,
        prev_hash,
        f.id,
        f.at_ms,
        f.actor_id,
        f.actor_name,
        f.actor_role,
        f.actor_unit,
        f.action,
        f.subject_kind,
        f.subject_id,
        f.before,
        f.after,
        f.detail,
    ])
    .to_string();
    sha256_hex(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_vietnamese_dates() {
        // 2026-12-02 17:00 UTC is midnight in Hà Nội.
        let midnight = chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .unwrap()
            .and_hms_opt(17, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        assert_eq!(day_of(midnight - 1), "2026-12-02");
        assert_eq!(day_of(midnight), "2026-12-03");
    }

    #[test]
    fn every_field_and_the_position_change_the_hash() {
        let f = Fields {
            id: "a".into(),
            at_ms: 1,
            actor_id: "u".into(),
            actor_name: "Nguyễn Văn A".into(),
            actor_role: "specialist".into(),
            actor_unit: None,
            action: "assign".into(),
            subject_kind: "dossier".into(),
            subject_id: "d".into(),
            before: None,
            after: Some("{}".into()),
            detail: "{}".into(),
        };
        let h = entry_hash("2026-12-03", 1, "p", &f);
        assert_ne!(h, entry_hash("2026-12-03", 2, "p", &f));
        assert_ne!(h, entry_hash("2026-12-04", 1, "p", &f));
        assert_ne!(h, entry_hash("2026-12-03", 1, "q", &f));
        let mut g = f.clone();
        g.actor_unit = Some(String::new());
        assert_ne!(h, entry_hash("2026-12-03", 1, "p", &g));
        let mut g = f.clone();
        g.detail = "{} ".into();
        assert_ne!(h, entry_hash("2026-12-03", 1, "p", &g));
    }
}
