//! What a published administrative procedure (thủ tục hành chính) states, as far as the
//! rules need it: its time limit, its online level and its administrative level
//! (SPEC §2, Decree 63/2010 Art. 8(2)).
//!
//! Values are parsed once, at the edge (seed file, database row, form), into types that
//! cannot hold an invalid combination: a `working_days` limit always has N ≥ 1, a
//! `same_day` limit never carries a number.

mod detail;
mod wording;

/// The channels are the dossier's (SPEC §3); procedures state terms per channel.
pub use crate::dossier::Channel;
pub use detail::{ChannelTerms, InternalStep, ProcedureVersion, EXAMPLE_VERSION};

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a value could not be read as a procedure attribute.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProcedureError {
    /// The time-limit unit is not one of the five known units.
    #[error("đơn vị thời hạn không hợp lệ: «{0}» (working_days, working_hours, same_day, calendar_days, none)")]
    UnknownUnit(String),
    /// A counted unit (days, hours) needs a count of at least 1.
    #[error("thời hạn «{unit}» cần số lượng lớn hơn 0")]
    MissingCount {
        /// The unit that needs a count.
        unit: TimeUnit,
    },
    /// `same_day` and `none` take no count.
    #[error("thời hạn «{unit}» không có số lượng, nhận được {n}")]
    UnexpectedCount {
        /// The unit that takes no count.
        unit: TimeUnit,
        /// The count that was given.
        n: u32,
    },
    /// The online level is not `toan_trinh`, `mot_phan` or `none`.
    #[error("mức độ trực tuyến không hợp lệ: «{0}» (toan_trinh, mot_phan, none)")]
    UnknownOnlineLevel(String),
    /// A published time limit whose wording cannot be read.
    #[error("không đọc được thời hạn «{0}» (ví dụ hợp lệ: «05 ngày làm việc», «04 giờ làm việc», «Trong ngày», «15 ngày», «Không quá 10 ngày»)")]
    UnreadableTimeLimit(String),
    /// The administrative level is not `province` or `commune`.
    #[error("cấp thực hiện không hợp lệ: «{0}» (province, commune)")]
    UnknownLevel(String),
    /// The role of an internal step is unknown.
    #[error("vai trò không hợp lệ: «{0}» (one_stop_officer, head_of_division, specialist, head_of_agency)")]
    UnknownRole(String),
    /// A procedure version contradicts itself (see [`ProcedureVersion::check`]).
    #[error("thủ tục «{procedure}»: {reason}")]
    Inconsistent {
        /// The procedure's name.
        procedure: String,
        /// What is wrong, in Vietnamese.
        reason: String,
    },
}

/// The unit of a time limit (SPEC §4.6.4).
///
/// ```
/// use motcua_core::procedure::TimeUnit;
/// let unit: TimeUnit = "working_days".parse().unwrap();
/// assert_eq!(unit, TimeUnit::WorkingDays);
/// assert_eq!(unit.to_string(), "working_days");
/// assert!("weeks".parse::<TimeUnit>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// N working days (ngày làm việc).
    WorkingDays,
    /// N office hours (giờ làm việc).
    WorkingHours,
    /// Within the day of reception (trong ngày).
    SameDay,
    /// N calendar days (ngày), Civil Code 2015 Art. 147–148.
    CalendarDays,
    /// No fixed time limit.
    None,
}

impl TimeUnit {
    /// The identifier used in data files, the database and the API.
    ///
    /// ```
    /// assert_eq!(motcua_core::procedure::TimeUnit::SameDay.as_str(), "same_day");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::WorkingDays => "working_days",
            TimeUnit::WorkingHours => "working_hours",
            TimeUnit::SameDay => "same_day",
            TimeUnit::CalendarDays => "calendar_days",
            TimeUnit::None => "none",
        }
    }

    /// Whether a limit in this unit carries a count N.
    ///
    /// ```
    /// use motcua_core::procedure::TimeUnit;
    /// assert!(TimeUnit::WorkingHours.is_counted());
    /// assert!(!TimeUnit::SameDay.is_counted());
    /// ```
    pub fn is_counted(self) -> bool {
        matches!(
            self,
            TimeUnit::WorkingDays | TimeUnit::WorkingHours | TimeUnit::CalendarDays
        )
    }
}

impl fmt::Display for TimeUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TimeUnit {
    type Err = ProcedureError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            TimeUnit::WorkingDays,
            TimeUnit::WorkingHours,
            TimeUnit::SameDay,
            TimeUnit::CalendarDays,
            TimeUnit::None,
        ]
        .into_iter()
        .find(|u| u.as_str() == s)
        .ok_or_else(|| ProcedureError::UnknownUnit(s.to_owned()))
    }
}

/// A procedure's legal time limit: a unit, a count where the unit has one, and the
/// 15:00 cut-off flag (SPEC §4.6.3).
///
/// ```
/// use motcua_core::procedure::{TimeLimit, TimeUnit};
/// let limit = TimeLimit::new(TimeUnit::WorkingDays, 5, false).unwrap();
/// assert_eq!(limit.to_string(), "05 ngày làm việc");
/// assert!(TimeLimit::new(TimeUnit::WorkingDays, 0, false).is_err());
/// assert!(TimeLimit::new(TimeUnit::SameDay, 3, true).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawTimeLimit", into = "RawTimeLimit")]
pub struct TimeLimit {
    unit: TimeUnit,
    n: u32,
    cutoff_15h: bool,
}

/// The wire form of [`TimeLimit`]: `{"unit":"working_days","n":5,"cutoff_15h":false}`.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
struct RawTimeLimit {
    unit: TimeUnit,
    #[serde(default)]
    n: u32,
    #[serde(default)]
    cutoff_15h: bool,
}

/// The API documents a time limit by its wire form.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for TimeLimit {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <RawTimeLimit as utoipa::PartialSchema>::schema()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for TimeLimit {}

impl TryFrom<RawTimeLimit> for TimeLimit {
    type Error = ProcedureError;
    fn try_from(raw: RawTimeLimit) -> Result<Self, Self::Error> {
        TimeLimit::new(raw.unit, raw.n, raw.cutoff_15h)
    }
}

impl From<TimeLimit> for RawTimeLimit {
    fn from(limit: TimeLimit) -> Self {
        RawTimeLimit {
            unit: limit.unit,
            n: limit.n,
            cutoff_15h: limit.cutoff_15h,
        }
    }
}

impl TimeLimit {
    /// Checks that the count fits the unit: counted units need `n ≥ 1`, `same_day` and
    /// `none` need `n = 0`.
    ///
    /// ```
    /// use motcua_core::procedure::{TimeLimit, TimeUnit};
    /// assert!(TimeLimit::new(TimeUnit::SameDay, 0, true).is_ok());
    /// ```
    pub fn new(unit: TimeUnit, n: u32, cutoff_15h: bool) -> Result<Self, ProcedureError> {
        match (unit.is_counted(), n) {
            (true, 0) => Err(ProcedureError::MissingCount { unit }),
            (false, n) if n != 0 => Err(ProcedureError::UnexpectedCount { unit, n }),
            _ => Ok(TimeLimit {
                unit,
                n,
                cutoff_15h,
            }),
        }
    }

    /// The unit.
    ///
    /// ```
    /// use motcua_core::procedure::{TimeLimit, TimeUnit};
    /// assert_eq!(TimeLimit::new(TimeUnit::None, 0, false).unwrap().unit(), TimeUnit::None);
    /// ```
    pub fn unit(&self) -> TimeUnit {
        self.unit
    }

    /// The count N (0 for `same_day` and `none`).
    ///
    /// ```
    /// use motcua_core::procedure::{TimeLimit, TimeUnit};
    /// assert_eq!(TimeLimit::new(TimeUnit::CalendarDays, 15, false).unwrap().n(), 15);
    /// ```
    pub fn n(&self) -> u32 {
        self.n
    }

    /// Whether a dossier received after 15:00 starts the next working day (SPEC §4.6.3).
    ///
    /// ```
    /// use motcua_core::procedure::{TimeLimit, TimeUnit};
    /// assert!(TimeLimit::new(TimeUnit::SameDay, 0, true).unwrap().cutoff_15h());
    /// ```
    pub fn cutoff_15h(&self) -> bool {
        self.cutoff_15h
    }
}

/// The wording used in published procedures: two-digit counts, as in "05 ngày làm việc".
impl fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            TimeUnit::WorkingDays => write!(f, "{:02} ngày làm việc", self.n),
            TimeUnit::WorkingHours => write!(f, "{:02} giờ làm việc", self.n),
            TimeUnit::CalendarDays => write!(f, "{:02} ngày", self.n),
            TimeUnit::SameDay => f.write_str("Trong ngày"),
            TimeUnit::None => f.write_str("Không quy định thời hạn"),
        }
    }
}

/// Generates a two-way mapping between an enum and its data identifiers, plus its
/// Vietnamese label, so that the three stay side by side.
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident, $err:ident { $($(#[$vmeta:meta])* $variant:ident = $id:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $id)] $variant,)+
        }

        impl $name {
            /// The identifier used in data files, the database and the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $id,)+ }
            }

            /// The label shown to citizens, in Vietnamese.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl FromStr for $name {
            type Err = ProcedureError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($id => Ok($name::$variant),)+
                    other => Err(ProcedureError::$err(other.to_owned())),
                }
            }
        }
    };
}

labelled_enum! {
    /// The online service level (Decree 42/2022; SPEC §2).
    ///
    /// ```
    /// use motcua_core::procedure::OnlineLevel;
    /// let level: OnlineLevel = "toan_trinh".parse().unwrap();
    /// assert_eq!(level.label(), "Trực tuyến toàn trình");
    /// assert_eq!(level.as_str(), "toan_trinh");
    /// ```
    OnlineLevel, UnknownOnlineLevel {
        /// Full-process online (old level 4).
        ToanTrinh = "toan_trinh", "Trực tuyến toàn trình";
        /// Partially online (old level 3).
        MotPhan = "mot_phan", "Trực tuyến một phần";
        /// Information and forms only: not an online service.
        None = "none", "Chưa có dịch vụ trực tuyến";
    }
}

labelled_enum! {
    /// The level of government that implements the procedure (two-tier local
    /// government since 1 Jul 2025; SPEC §1).
    ///
    /// ```
    /// use motcua_core::procedure::AdministrativeLevel;
    /// assert_eq!("commune".parse::<AdministrativeLevel>().unwrap().label(), "Cấp xã");
    /// assert!("district".parse::<AdministrativeLevel>().is_err());
    /// ```
    AdministrativeLevel, UnknownLevel {
        /// Province (tỉnh, thành phố).
        Province = "province", "Cấp tỉnh";
        /// Commune (xã, phường, đặc khu).
        Commune = "commune", "Cấp xã";
    }
}

labelled_enum! {
    /// Who acts at an internal step (quy trình nội bộ, SPEC §2).
    ///
    /// ```
    /// use motcua_core::procedure::StepRole;
    /// assert_eq!("specialist".parse::<StepRole>().unwrap().label(), "Chuyên viên");
    /// ```
    StepRole, UnknownRole {
        /// Cán bộ một cửa of the receiving unit.
        OneStopOfficer = "one_stop_officer", "Cán bộ một cửa";
        /// Lãnh đạo phòng of the processing agency (assigns).
        HeadOfDivision = "head_of_division", "Lãnh đạo phòng";
        /// Chuyên viên (appraises).
        Specialist = "specialist", "Chuyên viên";
        /// Lãnh đạo cơ quan (approves and signs).
        HeadOfAgency = "head_of_agency", "Lãnh đạo cơ quan";
    }
}

/// One procedure as listed in the catalogue and in search results.
///
/// ```
/// use motcua_core::procedure::*;
/// let p = ProcedureSummary {
///     slug: "dang-ky-khai-sinh".into(),
///     code: None,
///     name: "Đăng ký khai sinh".into(),
///     field: "Hộ tịch".into(),
///     level: AdministrativeLevel::Commune,
///     agency: "UBND cấp xã".into(),
///     time_limit: TimeLimit::new(TimeUnit::SameDay, 0, true).unwrap(),
///     online_level: OnlineLevel::ToanTrinh,
///     fee: "Miễn lệ phí khi đăng ký đúng hạn".into(),
/// };
/// assert_eq!(p.time_limit.to_string(), "Trong ngày");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureSummary {
    /// Stable identifier made from the name (see [`crate::text::slugify`]).
    pub slug: String,
    /// National procedure code such as `1.001776`, when published.
    pub code: Option<String>,
    /// Official name.
    pub name: String,
    /// Field (lĩnh vực), e.g. "Hộ tịch".
    pub field: String,
    /// Implementing level.
    pub level: AdministrativeLevel,
    /// Implementing agency as published.
    pub agency: String,
    /// Legal time limit.
    pub time_limit: TimeLimit,
    /// Online service level.
    pub online_level: OnlineLevel,
    /// Fees and charges, as published.
    pub fee: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_4_6_4_every_unit_round_trips_through_its_identifier() {
        for unit in [
            TimeUnit::WorkingDays,
            TimeUnit::WorkingHours,
            TimeUnit::SameDay,
            TimeUnit::CalendarDays,
            TimeUnit::None,
        ] {
            assert_eq!(unit.as_str().parse::<TimeUnit>(), Ok(unit));
        }
    }

    #[test]
    fn spec_2_published_wording_of_time_limits() {
        let cases = [
            (TimeUnit::WorkingDays, 5, "05 ngày làm việc"),
            (TimeUnit::WorkingDays, 10, "10 ngày làm việc"),
            (TimeUnit::WorkingHours, 4, "04 giờ làm việc"),
            (TimeUnit::CalendarDays, 15, "15 ngày"),
            (TimeUnit::SameDay, 0, "Trong ngày"),
        ];
        for (unit, n, text) in cases {
            assert_eq!(TimeLimit::new(unit, n, false).unwrap().to_string(), text);
        }
    }

    #[test]
    fn time_limit_json_is_validated_on_the_way_in() {
        let ok: TimeLimit =
            serde_json::from_str(r#"{"unit":"working_days","n":3,"cutoff_15h":true}"#).unwrap();
        assert_eq!(
            (ok.unit(), ok.n(), ok.cutoff_15h()),
            (TimeUnit::WorkingDays, 3, true)
        );
        let same_day: TimeLimit = serde_json::from_str(r#"{"unit":"same_day"}"#).unwrap();
        assert_eq!(same_day.to_string(), "Trong ngày");
        assert!(serde_json::from_str::<TimeLimit>(r#"{"unit":"working_days","n":0}"#).is_err());
        assert!(serde_json::from_str::<TimeLimit>(r#"{"unit":"fortnights","n":1}"#).is_err());
        assert_eq!(
            serde_json::to_string(&ok).unwrap(),
            r#"{"unit":"working_days","n":3,"cutoff_15h":true}"#
        );
    }
}
