//! The staff area (issue 5): who is signed in, the work queues with their counts, one
//! dossier as an officer sees it (with the actions allowed now), in-person intake and
//! the administration pages. The server implements [`StaffDesk`]; actions themselves
//! are plain form posts to `/can-bo/…` handled by the server (they work without
//! JavaScript and redirect back with `?thong_bao=` or `?loi=`).

#[cfg(feature = "ssr")]
use std::sync::Arc;

use motcua_core::dossier::DossierStatus;
use motcua_core::workflow::StaffRole;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::ServiceError;
use super::{DossierFile, TimelineEntry};

/// The name of the staff session cookie (distinct from citizens').
pub const STAFF_COOKIE: &str = "motcua_staff";

/// A signed-in staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffProfile {
    /// Account id.
    pub id: String,
    /// Sign-in name.
    pub username: String,
    /// Full name.
    pub full_name: String,
    /// Unit code.
    pub unit_code: String,
    /// Unit name.
    pub unit_name: String,
    /// Role.
    pub role: StaffRole,
}

/// A new staff session: the cookie's token and lifetime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSession {
    /// Token for the cookie.
    pub token: String,
    /// Cookie lifetime in seconds.
    pub max_age_s: i64,
    /// Who.
    pub profile: StaffProfile,
    /// The account holds a temporary password: the session may only change it
    /// (`/can-bo/doi-mat-khau`).
    #[serde(default)]
    pub must_change_password: bool,
}

/// Why a staff sign-in was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum StaffSignInError {
    /// Wrong name or password (never says which).
    #[error("Tên đăng nhập hoặc mật khẩu không đúng")]
    Wrong,
    /// Too many failures.
    #[error("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.")]
    TooMany {
        /// Minutes to wait.
        minutes: i64,
    },
    /// Too many password checks are running at once (the hashing bound).
    #[error("Hệ thống đang bận. Vui lòng thử lại sau ít phút.")]
    Busy,
}

/// The work queues (issue 5 "Work queues per person and per unit").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QueueKind {
    /// Online dossiers awaiting reception at my unit (status 1), oldest first.
    Inbox,
    /// Dossiers whose current step I hold or that wait for my role at my unit.
    #[default]
    Mine,
    /// Every open dossier my unit receives, processes or co-ordinates.
    Unit,
    /// Due today (appointment or current step).
    DueToday,
    /// Due within 2 working days.
    DueSoon,
    /// Overdue.
    Overdue,
    /// Paused (supplement, payment).
    Paused,
    /// Finished (decided, returned, refused, stopped, withdrawn).
    Done,
}

impl QueueKind {
    /// Every queue, in navigation order.
    pub const ALL: [QueueKind; 8] = [
        QueueKind::Inbox,
        QueueKind::Mine,
        QueueKind::DueToday,
        QueueKind::DueSoon,
        QueueKind::Overdue,
        QueueKind::Paused,
        QueueKind::Unit,
        QueueKind::Done,
    ];

    /// URL identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            QueueKind::Inbox => "cho-tiep-nhan",
            QueueKind::Mine => "cua-toi",
            QueueKind::Unit => "don-vi",
            QueueKind::DueToday => "den-han-hom-nay",
            QueueKind::DueSoon => "sap-den-han",
            QueueKind::Overdue => "qua-han",
            QueueKind::Paused => "tam-dung",
            QueueKind::Done => "da-xong",
        }
    }

    /// Vietnamese name.
    pub fn label(self) -> &'static str {
        match self {
            QueueKind::Inbox => "Chờ tiếp nhận",
            QueueKind::Mine => "Việc của tôi",
            QueueKind::Unit => "Toàn đơn vị",
            QueueKind::DueToday => "Đến hạn hôm nay",
            QueueKind::DueSoon => "Sắp đến hạn (2 ngày)",
            QueueKind::Overdue => "Quá hạn",
            QueueKind::Paused => "Tạm dừng",
            QueueKind::Done => "Đã xong",
        }
    }

    /// The queue with this URL identifier.
    pub fn parse(s: &str) -> Option<QueueKind> {
        QueueKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How a queue is sorted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueSort {
    /// Nearest due time first (the default: what is most urgent).
    #[default]
    Due,
    /// Oldest first (by submission, then reception).
    Oldest,
    /// Newest first.
    Newest,
}

/// What to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueQuery {
    /// Which queue.
    pub kind: QueueKind,
    /// Search: dossier code, submission number, applicant's name (diacritics optional)
    /// or phone.
    pub q: String,
    /// Only this procedure (slug).
    pub procedure: Option<String>,
    /// Order.
    pub sort: QueueSort,
}

/// How urgent a dossier is, for colours and the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    /// Past its due time.
    Overdue,
    /// Due today.
    DueToday,
    /// Due within 2 working days.
    DueSoon,
    /// Paused (5, 6).
    Paused,
    /// Anything else open.
    Normal,
    /// Finished.
    Done,
}

/// One line of a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    /// Id (links).
    pub id: String,
    /// Code, or submission number before reception.
    pub reference: String,
    /// Procedure name.
    pub procedure: String,
    /// Applicant.
    pub applicant: String,
    /// Applicant's phone.
    pub phone: String,
    /// Status.
    pub status: DossierStatus,
    /// Channel label ("Trực tuyến", …).
    pub channel: String,
    /// Current step's name while processing.
    pub step: Option<String>,
    /// Who holds it (name), when assigned.
    pub holder: Option<String>,
    /// Co-ordinating agency holding it (liên thông), by name.
    pub at_agency: Option<String>,
    /// Submitted, "dd/mm/yyyy hh:mm".
    pub submitted_at: String,
    /// Received, "dd/mm/yyyy hh:mm".
    pub received_at: Option<String>,
    /// The appointment, "dd/mm/yyyy hh:mm".
    pub due: Option<String>,
    /// The current step's due time, "dd/mm/yyyy hh:mm".
    pub step_due: Option<String>,
    /// Waiting time or time left in words: "chờ 2 giờ 15 phút", "còn 1 ngày 3 giờ làm
    /// việc", "quá hạn 4 giờ làm việc".
    pub time_note: String,
    /// Urgency.
    pub urgency: Urgency,
}

/// The counts on the navigation bar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueCounts {
    /// Per queue (same order as [`QueueKind::ALL`]).
    pub counts: Vec<(QueueKind, u32)>,
    /// Unread in-app notices.
    pub unread_notices: u32,
    /// The procedures of the dossiers my unit has to do with: (slug, name), by name
    /// (the choices of the queue page's procedure filter).
    #[serde(default)]
    pub procedures: Vec<(String, String)>,
}

/// One step of a dossier's route, for the progress display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteStepView {
    /// Name.
    pub name: String,
    /// Role label.
    pub role: String,
    /// Budget ("04 giờ làm việc"), if any.
    pub budget: Option<String>,
    /// Whether the dossier is at this step now.
    pub current: bool,
    /// Whether the step is behind.
    pub done: bool,
}

/// One row of the hand-over trail (form 06).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverView {
    /// When, "dd/mm/yyyy hh:mm".
    pub at: String,
    /// Step received.
    pub step: String,
    /// Giver (name, unit).
    pub from: String,
    /// Receiver (unit, and person when named).
    pub to: String,
    /// Step due time.
    pub due: Option<String>,
    /// "Trước hạn", "Đúng hạn", "Quá hạn", or empty while open.
    pub result: String,
    /// Comment.
    pub note: String,
}

/// One audit-log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    /// When, "dd/mm/yyyy hh:mm:ss".
    pub at: String,
    /// Who (name, role label).
    pub who: String,
    /// What (action label).
    pub action: String,
    /// State before, as short text.
    pub before: String,
    /// State after, as short text.
    pub after: String,
}

/// An action button with what its form must ask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionView {
    /// Identifier posted as `action` (motcua_core::workflow::Action::as_str).
    pub action: String,
    /// Button label.
    pub label: String,
    /// Fields the form needs: see [`ActionField`].
    pub fields: Vec<ActionField>,
    /// Whether this is a leaving/negative action (shown apart).
    pub danger: bool,
}

/// A field of an action form (names are what the server reads).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionField {
    /// `items`: one item per line (supplement items, refusal reasons).
    Items {
        /// Label.
        label: String,
    },
    /// A one-line text input named `name`.
    Text {
        /// Field name.
        name: String,
        /// Label.
        label: String,
        /// Required.
        required: bool,
    },
    /// A multi-line text named `name`.
    LongText {
        /// Field name.
        name: String,
        /// Label.
        label: String,
        /// Required.
        required: bool,
    },
    /// A choice named `name` among (value, label).
    Choice {
        /// Field name.
        name: String,
        /// Label.
        label: String,
        /// Options.
        options: Vec<(String, String)>,
    },
    /// `new_due`: a local date-time input (`yyyy-mm-ddThh:mm`).
    DateTime {
        /// Label.
        label: String,
        /// Earliest allowed value.
        min: String,
    },
    /// `files`: scans (several pages, PDF/JPEG/PNG).
    Files {
        /// Label.
        label: String,
    },
}

/// A slip that can be printed for this dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlipLink {
    /// "Giấy tiếp nhận (mẫu 01)".
    pub label: String,
    /// Its URL.
    pub url: String,
}

/// The signed electronic result, once uploaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultView {
    /// File name.
    pub file_name: String,
    /// Verification code.
    pub verification_code: String,
    /// Download URL.
    pub url: String,
    /// Signed at, "dd/mm/yyyy hh:mm".
    pub signed_at: String,
    /// Signer.
    pub signer: String,
}

/// One dossier as an officer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDossier {
    /// The queue line (status, dates, urgency, holder).
    pub row: QueueRow,
    /// Submission number.
    pub submission_no: String,
    /// Receiving unit (name).
    pub receiving_unit: String,
    /// Processing agency (name), once received.
    pub processing_unit: Option<String>,
    /// Legal time limit ("05 ngày làm việc").
    pub time_limit: String,
    /// Applicant: (label, value) lines (name, ID, date of birth, address, phone, e-mail).
    pub applicant: Vec<(String, String)>,
    /// The form's other answers: (label, value).
    pub answers: Vec<(String, String)>,
    /// Files by document.
    pub files: Vec<DossierFile>,
    /// The route with the current step.
    pub route: Vec<RouteStepView>,
    /// History (as the applicant sees it, plus internal notes).
    pub timeline: Vec<TimelineEntry>,
    /// Hand-over trail (form 06).
    pub trail: Vec<HandoverView>,
    /// Audit log.
    pub audit: Vec<AuditView>,
    /// What I may do now.
    pub actions: Vec<ActionView>,
    /// Slips to print.
    pub slips: Vec<SlipLink>,
    /// The signed result, if any.
    pub result: Option<ResultView>,
    /// Whether I may upload and sign the result now.
    pub can_sign_result: bool,
    /// Supplements requested so far.
    pub supplements: u8,
    /// Whether form 04 was issued.
    pub apology: bool,
    /// Whether an override was used (second supplement, late completion).
    pub flagged: bool,
    /// The version to post back (optimistic concurrency).
    pub row_version: i64,
}

/// A procedure the desk can enter a paper dossier for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeProcedure {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Documents: (slot name, label, required).
    pub documents: Vec<(String, String, bool)>,
}

/// What the in-person/post intake page needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakePage {
    /// Procedures received at my unit.
    pub procedures: Vec<IntakeProcedure>,
    /// Pre-fill from a citizen account found by phone or ID, if asked.
    pub prefill: Option<ApplicantPrefill>,
    /// Why the look-up was not made (not a reception role, too many look-ups).
    #[serde(default)]
    pub lookup_refused: Option<String>,
}

/// An applicant found by phone or personal ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantPrefill {
    /// Full name.
    pub full_name: String,
    /// Personal ID.
    pub personal_id: String,
    /// Date of birth `yyyy-mm-dd`.
    pub date_of_birth: String,
    /// Address.
    pub address: String,
    /// Phone.
    pub phone: String,
    /// E-mail.
    pub email: String,
}

/// A unit in the administration page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Parent code.
    pub parent: Option<String>,
    /// Whether it has a one-stop desk.
    pub receives: bool,
    /// Number of active accounts.
    pub accounts: u32,
    /// Whether its agency administrator may appoint accounts that sign results (set by
    /// a system administrator).
    #[serde(default)]
    pub admin_appoints_signers: bool,
}

/// An account in the administration page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    /// Id.
    pub id: String,
    /// Sign-in name.
    pub username: String,
    /// Full name.
    pub full_name: String,
    /// Unit code.
    pub unit_code: String,
    /// Role.
    pub role: StaffRole,
    /// Active.
    pub active: bool,
    /// Whether the person viewing may change it (role, active, temporary password).
    #[serde(default)]
    pub manageable: bool,
}

/// The administration page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminPage {
    /// Units I may manage (all for a system administrator, mine for an agency one).
    pub units: Vec<UnitRow>,
    /// Accounts I may manage.
    pub accounts: Vec<AccountRow>,
    /// Whether I may create units.
    pub can_create_units: bool,
    /// Roles I may give.
    pub roles: Vec<StaffRole>,
}

/// An in-app notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    /// When, "dd/mm/yyyy hh:mm".
    pub at: String,
    /// Text.
    pub text: String,
    /// Dossier id to link, if any.
    pub dossier_id: Option<String>,
    /// Unread.
    pub unread: bool,
}

/// What the staff pages read.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait StaffDesk: Send + Sync {
    /// Signs in by user name and password.
    async fn sign_in(
        &self,
        username: &str,
        password: &str,
        client: &str,
    ) -> Result<Result<StaffSession, StaffSignInError>, ServiceError>;
    /// The staff member of a session token.
    async fn session(&self, token: &str) -> Result<Option<StaffProfile>, ServiceError>;
    /// Ends a session.
    async fn sign_out(&self, token: &str) -> Result<(), ServiceError>;
    /// Counts per queue and unread notices.
    async fn counts(&self, me: &StaffProfile) -> Result<QueueCounts, ServiceError>;
    /// A queue.
    async fn queue(
        &self,
        me: &StaffProfile,
        query: &QueueQuery,
    ) -> Result<Vec<QueueRow>, ServiceError>;
    /// One dossier, if my unit has anything to do with it.
    async fn dossier(
        &self,
        me: &StaffProfile,
        key: &str,
    ) -> Result<Option<StaffDossier>, ServiceError>;
    /// The intake page (with a pre-fill looked up by phone or personal ID when given).
    async fn intake(&self, me: &StaffProfile, lookup: &str) -> Result<IntakePage, ServiceError>;
    /// The administration page, for administrators.
    async fn admin(&self, me: &StaffProfile) -> Result<Option<AdminPage>, ServiceError>;
    /// My notices, newest first (marks them read).
    async fn notices(&self, me: &StaffProfile) -> Result<Vec<NoticeView>, ServiceError>;
}

/// The form in which the staff desk is put into the Leptos context.
#[cfg(feature = "ssr")]
pub type SharedStaffDesk = Arc<dyn StaffDesk>;
