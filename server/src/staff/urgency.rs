//! The pure rules of the work queues (issue 5): how urgent a dossier is, which queues it
//! belongs to for a person, the time notes in words, and the search over code,
//! submission number, name (diacritics optional) and phone. No database here, so the
//! rules are tested directly.

use chrono::NaiveDateTime;
use motcua_app::services::{QueueKind, Urgency};
use motcua_core::dossier::DossierStatus;
use motcua_core::procedure::StepRole;
use motcua_core::text::fold;
use motcua_core::workflow::{StaffRole, Units};

/// Statuses that are still open (not finished, result not ready).
pub fn is_open(status: DossierStatus) -> bool {
    use DossierStatus as S;
    matches!(
        status,
        S::AwaitingReception
            | S::Received
            | S::Processing
            | S::SupplementRequested
            | S::AwaitingPayment
    )
}

/// How urgent a dossier is: finished ones are `Done`, paused ones `Paused`; a running
/// clock is `Overdue` past `due`, `DueToday` on its date, `DueSoon` with at most two
/// working days (`2 × day_minutes` office minutes) left.
pub fn urgency(
    status: DossierStatus,
    due: Option<NaiveDateTime>,
    now: NaiveDateTime,
    working_left: Option<i64>,
    day_minutes: i64,
) -> Urgency {
    use DossierStatus as S;
    match status {
        S::Refused | S::Withdrawn | S::Stopped | S::Decided | S::Returned => Urgency::Done,
        S::SupplementRequested | S::AwaitingPayment => Urgency::Paused,
        S::AwaitingReception => Urgency::Normal,
        S::Received | S::Processing => match due {
            None => Urgency::Normal,
            Some(d) if now > d => Urgency::Overdue,
            Some(d) if d.date() == now.date() => Urgency::DueToday,
            Some(_) if working_left.is_some_and(|m| m <= 2 * day_minutes) => Urgency::DueSoon,
            Some(_) => Urgency::Normal,
        },
    }
}

/// What the queue rules need to know of one dossier, for one person.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    /// Its status.
    pub status: DossierStatus,
    /// The status a pause returns to.
    pub resume: Option<DossierStatus>,
    /// Who holds the current step, if named.
    pub assignee: Option<&'a str>,
    /// How the person's unit relates to it.
    pub units: Units,
    /// The role of the current processing step, if at one.
    pub step_role: Option<StepRole>,
    /// Whether a co-ordinating agency holds it.
    pub at_other_agency: bool,
    /// Its urgency.
    pub urgency: Urgency,
}

/// Whether the dossier is in the person's "Việc của tôi": assigned to them; or open at
/// their unit, at a step of their role, held by nobody; or, for a one-stop officer of
/// the receiving unit, waiting for the desk (to send to processing, to return, a
/// supplement at reception); or, for a head of division of the co-ordinating agency,
/// waiting for that agency's answer.
pub fn in_mine(me: &str, role: StaffRole, s: &Seen<'_>) -> bool {
    use DossierStatus as S;
    if role.is_admin() {
        return false;
    }
    if s.assignee == Some(me) && is_open(s.status) {
        return true;
    }
    match role {
        StaffRole::OneStopOfficer => {
            s.units.receiving
                && match s.status {
                    S::Received | S::Decided => true,
                    S::SupplementRequested => matches!(
                        s.resume,
                        None | Some(S::AwaitingReception) | Some(S::Received)
                    ),
                    _ => false,
                }
        }
        _ => {
            let at_my_step = s.units.processing
                && !s.at_other_agency
                && s.assignee.is_none()
                && matches!(s.status, S::Processing | S::AwaitingPayment)
                && s.step_role.is_some()
                && s.step_role == role.step_role();
            let coordinating = role == StaffRole::HeadOfDivision
                && s.units.coordinating
                && s.at_other_agency
                && s.status == S::Processing;
            at_my_step || coordinating
        }
    }
}

/// Whether the dossier belongs to queue `kind` for this person.
pub fn in_queue(kind: QueueKind, me: &str, role: StaffRole, s: &Seen<'_>) -> bool {
    if role.is_admin() || !s.units.any() {
        return false;
    }
    match kind {
        QueueKind::Inbox => s.status == DossierStatus::AwaitingReception && s.units.receiving,
        QueueKind::Mine => in_mine(me, role, s),
        QueueKind::Unit => is_open(s.status),
        QueueKind::DueToday => s.urgency == Urgency::DueToday,
        QueueKind::DueSoon => s.urgency == Urgency::DueSoon,
        QueueKind::Overdue => s.urgency == Urgency::Overdue,
        QueueKind::Paused => s.urgency == Urgency::Paused,
        QueueKind::Done => s.urgency == Urgency::Done,
    }
}

/// Office time in words, a working day being `day_minutes`: "1 ngày 3 giờ",
/// "3 giờ 15 phút", "45 phút".
pub fn working_words(minutes: i64, day_minutes: i64) -> String {
    let minutes = minutes.abs();
    let day = day_minutes.max(1);
    let (days, rest) = (minutes / day, minutes % day);
    let (hours, mins) = (rest / 60, rest % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days} ngày"));
    }
    if hours > 0 {
        parts.push(format!("{hours} giờ"));
    }
    // Minutes matter only when less than a day is left.
    if mins > 0 && days == 0 {
        parts.push(format!("{mins} phút"));
    }
    if parts.is_empty() {
        "0 phút".to_owned()
    } else {
        parts.join(" ")
    }
}

/// Elapsed wall-clock time in words: "2 giờ 15 phút", "3 ngày 2 giờ", "5 phút".
pub fn elapsed_words(minutes: i64) -> String {
    working_words(minutes, 24 * 60)
}

/// The time note of a running clock: "còn 1 ngày 3 giờ làm việc", "quá hạn 4 giờ làm
/// việc", or "đến hạn" when no office time is left before the due time.
pub fn left_words(working_left: i64, now: NaiveDateTime, due: NaiveDateTime, day: i64) -> String {
    match working_left {
        0 if now > due => "quá hạn".to_owned(),
        0 => "đến hạn".to_owned(),
        m if m > 0 => format!("còn {} làm việc", working_words(m, day)),
        m => format!("quá hạn {} làm việc", working_words(m, day)),
    }
}

/// "trước hạn" → "Trước hạn".
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether a search matches: the folded query inside the folded code, submission
/// number or name, or a query of at least 3 digits inside the phone number.
pub fn matches(q: &str, code: &str, submission_no: &str, name: &str, phone: &str) -> bool {
    let q = q.trim();
    if q.is_empty() {
        return true;
    }
    let folded = fold(q);
    if !folded.is_empty()
        && [code, submission_no, name]
            .iter()
            .any(|text| fold(text).contains(&folded))
    {
        return true;
    }
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let only_digits = q.chars().all(|c| c.is_ascii_digit() || " .-+".contains(c));
    if !only_digits || digits.len() < 3 {
        return false;
    }
    // "+84 912…" and "0912…" are the same number.
    let digits = match digits.strip_prefix("84") {
        Some(rest) if q.trim_start().starts_with('+') => format!("0{rest}"),
        _ => digits,
    };
    phone.contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn issue_5_urgency_by_status_and_due_time() {
        use DossierStatus as S;
        let now = at("2026-11-25 09:00");
        let day = 480;
        let u = |status, due: Option<&str>, left| urgency(status, due.map(at), now, left, day);
        assert_eq!(
            u(S::Processing, Some("2026-11-24 16:00"), Some(-200)),
            Urgency::Overdue
        );
        assert_eq!(
            u(S::Processing, Some("2026-11-25 08:59"), Some(-61)),
            Urgency::Overdue
        );
        assert_eq!(
            u(S::Received, Some("2026-11-25 16:30"), Some(420)),
            Urgency::DueToday
        );
        assert_eq!(
            u(S::Processing, Some("2026-11-27 09:00"), Some(960)),
            Urgency::DueSoon
        );
        assert_eq!(
            u(S::Processing, Some("2026-11-27 10:00"), Some(1020)),
            Urgency::Normal
        );
        assert_eq!(u(S::Processing, None, None), Urgency::Normal);
        assert_eq!(
            u(S::SupplementRequested, Some("2026-11-20 09:00"), None),
            Urgency::Paused
        );
        assert_eq!(u(S::AwaitingPayment, None, None), Urgency::Paused);
        assert_eq!(u(S::AwaitingReception, None, None), Urgency::Normal);
        for done in [
            S::Refused,
            S::Withdrawn,
            S::Stopped,
            S::Decided,
            S::Returned,
        ] {
            assert_eq!(
                u(done, Some("2026-11-20 09:00"), Some(-2000)),
                Urgency::Done
            );
        }
    }

    fn seen(status: DossierStatus) -> Seen<'static> {
        Seen {
            status,
            resume: None,
            assignee: None,
            units: Units::default(),
            step_role: None,
            at_other_agency: false,
            urgency: Urgency::Normal,
        }
    }

    #[test]
    fn issue_5_mine_assigned_waiting_for_my_role_or_for_the_desk() {
        use DossierStatus as S;
        let processing = Units {
            processing: true,
            ..Units::default()
        };
        let receiving = Units {
            receiving: true,
            ..Units::default()
        };
        // Assigned to me.
        let mut s = seen(S::Processing);
        s.units = processing;
        s.assignee = Some("me");
        s.step_role = Some(StepRole::Specialist);
        assert!(in_mine("me", StaffRole::Specialist, &s));
        assert!(!in_mine("other", StaffRole::Specialist, &s));
        // At a head-of-division step, nobody assigned: every head of division of the unit.
        let mut s = seen(S::Processing);
        s.units = processing;
        s.step_role = Some(StepRole::HeadOfDivision);
        assert!(in_mine("x", StaffRole::HeadOfDivision, &s));
        assert!(!in_mine("x", StaffRole::Specialist, &s));
        assert!(!in_mine("x", StaffRole::HeadOfAgency, &s));
        // Not while a co-ordinating agency holds it, and not at another unit.
        s.at_other_agency = true;
        assert!(!in_mine("x", StaffRole::HeadOfDivision, &s));
        s.at_other_agency = false;
        s.units = receiving;
        assert!(!in_mine("x", StaffRole::HeadOfDivision, &s));
        // The desk: to send to processing, to return, a supplement at reception.
        for (status, resume, mine) in [
            (S::Received, None, true),
            (S::Decided, None, true),
            (S::SupplementRequested, Some(S::AwaitingReception), true),
            (S::SupplementRequested, Some(S::Received), true),
            (S::SupplementRequested, Some(S::Processing), false),
            (S::AwaitingReception, None, false),
            (S::Processing, None, false),
            (S::Returned, None, false),
        ] {
            let mut s = seen(status);
            s.units = receiving;
            s.resume = resume;
            assert_eq!(
                in_mine("x", StaffRole::OneStopOfficer, &s),
                mine,
                "{status:?}"
            );
        }
        // Administrators handle no dossier.
        let mut s = seen(S::Received);
        s.units = receiving;
        assert!(!in_mine("x", StaffRole::AgencyAdmin, &s));
        assert!(!in_queue(QueueKind::Unit, "x", StaffRole::SystemAdmin, &s));
    }

    #[test]
    fn issue_5_queues_by_unit_relation_and_urgency() {
        use DossierStatus as S;
        let mut s = seen(S::AwaitingReception);
        let officer = StaffRole::OneStopOfficer;
        assert!(!in_queue(QueueKind::Unit, "x", officer, &s), "not my unit");
        s.units.receiving = true;
        assert!(in_queue(QueueKind::Inbox, "x", officer, &s));
        assert!(in_queue(QueueKind::Unit, "x", officer, &s));
        s.units = Units {
            processing: true,
            ..Units::default()
        };
        assert!(!in_queue(QueueKind::Inbox, "x", officer, &s));
        let mut s = seen(S::Processing);
        s.units.coordinating = true;
        s.urgency = Urgency::Overdue;
        assert!(in_queue(QueueKind::Overdue, "x", StaffRole::Specialist, &s));
        assert!(!in_queue(
            QueueKind::DueToday,
            "x",
            StaffRole::Specialist,
            &s
        ));
        let mut s = seen(S::Decided);
        s.units.processing = true;
        s.urgency = Urgency::Done;
        assert!(in_queue(QueueKind::Done, "x", StaffRole::Specialist, &s));
        assert!(!in_queue(QueueKind::Unit, "x", StaffRole::Specialist, &s));
    }

    #[test]
    fn issue_5_time_notes_in_words() {
        assert_eq!(elapsed_words(135), "2 giờ 15 phút");
        assert_eq!(elapsed_words(5), "5 phút");
        assert_eq!(elapsed_words(3 * 1440 + 125), "3 ngày 2 giờ");
        assert_eq!(elapsed_words(0), "0 phút");
        assert_eq!(working_words(480 + 180, 480), "1 ngày 3 giờ");
        assert_eq!(working_words(-240, 480), "4 giờ");
        let (now, due) = (at("2026-11-25 09:00"), at("2026-11-26 12:00"));
        assert_eq!(left_words(660, now, due, 480), "còn 1 ngày 3 giờ làm việc");
        assert_eq!(left_words(-240, due, now, 480), "quá hạn 4 giờ làm việc");
        assert_eq!(left_words(0, due, now, 480), "quá hạn");
        assert_eq!(left_words(0, now, due, 480), "đến hạn");
        assert_eq!(capitalised("trước hạn"), "Trước hạn");
        assert_eq!(capitalised("đúng hạn"), "Đúng hạn");
        assert_eq!(capitalised(""), "");
    }

    #[test]
    fn issue_5_search_folds_diacritics_on_both_sides_and_matches_phone_digits() {
        let m = |q| {
            matches(
                q,
                "H15.01-261125-0001",
                "TN-261125-000007",
                "Nguyễn Thị Hồng Nhung",
                "0912345678",
            )
        };
        assert!(m(""));
        assert!(m("nguyen thi hong"));
        assert!(m("NGUYỄN THỊ"));
        assert!(m("Hồng nhung"));
        assert!(!m("nguyen van"));
        assert!(m("261125-0001"));
        assert!(m("h15.01"));
        assert!(m("TN-261125-000007"));
        assert!(m("0912 345"));
        assert!(m("+84 912 345 678"));
        assert!(m("5678"));
        assert!(!m("34"), "too short to be a phone search");
        assert!(!m("0999"));
    }
}
