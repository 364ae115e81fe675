//! The demo deployment: the invented province "Tỉnh Mẫu" (`seed/demo_province.json`) and
//! the real common procedures of `seed/procedures.json` (copied from the project's shared
//! data), with the demo province's online forms (`seed/procedure_forms.json`). All three
//! are embedded in the binary, so the running server never reads outside its own files.

use std::collections::BTreeMap;

use motcua_app::services::AgencyView;
use motcua_core::deadline::{SupplementPolicy, UnitCalendar};
use motcua_core::dossier::{DocumentSlot, FieldSpec};
use motcua_core::procedure::{
    AdministrativeLevel, Channel, ChannelTerms, InternalStep, OnlineLevel, ProcedureVersion,
    StepRole, TimeLimit, TimeUnit,
};
use motcua_core::text::slugify;
use serde::Deserialize;
use sqlx::AnyPool;

use super::agencies::Agency;
use super::repository::{self, RepositoryError};

const PROVINCE_JSON: &str = include_str!("../../seed/demo_province.json");
const PROCEDURES_JSON: &str = include_str!("../../seed/procedures.json");
const FORMS_JSON: &str = include_str!("../../seed/procedure_forms.json");

/// The province's public administrative service centre: it receives every
/// province-level procedure (SPEC §1: receiving and processing units are separate).
const PROVINCE_CENTRE: &str = "H15.01";
/// Who publishes commune-level procedures in this deployment.
const PROVINCE: &str = "H15";

#[derive(Deserialize)]
struct ProvinceFile {
    agencies: Vec<SeedAgency>,
    owners: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct SeedAgency {
    code: String,
    parent: Option<String>,
    name: String,
    kind: String,
    level: String,
    address: String,
    phone: String,
    email: String,
    receives: bool,
    work_week: Option<String>,
    office_hours: Option<String>,
}

#[derive(Deserialize)]
struct ProceduresFile {
    procedures: Vec<SeedProcedure>,
}

/// One entry of the shared data. Alternative limits for special cases (`complex_case`,
/// `with_verification`, `special_case`) stay in the file: the catalogue publishes the
/// ordinary limit.
#[derive(Deserialize)]
struct SeedProcedure {
    code: Option<String>,
    name: String,
    field: String,
    level: AdministrativeLevel,
    agency: String,
    time_limit: TimeLimit,
    legal_basis: Vec<String>,
    fee: SeedFee,
    documents: Vec<String>,
    online_level: OnlineLevel,
    result: String,
    #[serde(default)]
    verify: bool,
}

#[derive(Deserialize)]
struct SeedFee {
    text: String,
    amount_vnd: Option<u64>,
    online_amount_vnd: Option<u64>,
    #[serde(default)]
    verify: bool,
}

#[derive(Deserialize)]
struct FormsFile {
    forms: BTreeMap<String, SeedForm>,
}

#[derive(Deserialize)]
struct SeedForm {
    subjects: Vec<String>,
    fields: Vec<FieldSpec>,
}

/// What went wrong while seeding.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// An embedded file does not parse or contradicts itself: a build-time mistake,
    /// caught by the tests.
    #[error("the embedded demo data is invalid: {0}")]
    Invalid(String),
    /// Storing failed.
    #[error("storing the demo catalogue failed: {0}")]
    Store(#[from] RepositoryError),
}

fn invalid(e: impl std::fmt::Display) -> SeedError {
    SeedError::Invalid(e.to_string())
}

/// The demo agencies.
pub fn demo_agencies() -> Result<Vec<Agency>, SeedError> {
    let file: ProvinceFile = serde_json::from_str(PROVINCE_JSON).map_err(invalid)?;
    Ok(file
        .agencies
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            let mut calendar = UnitCalendar::national(&a.code);
            if let Some(week) = a.work_week {
                calendar.week = week;
            }
            if let Some(hours) = a.office_hours {
                calendar.office_hours = hours;
            }
            Agency {
                parent: a.parent,
                kind: a.kind,
                level: a.level,
                sort_order: i as i64,
                view: AgencyView {
                    code: a.code,
                    name: a.name,
                    address: a.address,
                    phone: a.phone,
                    email: a.email,
                    receives_dossiers: a.receives,
                    calendar,
                },
            }
        })
        .collect())
}

/// The demo procedures as versions to publish, each with the units that accept it.
pub fn demo_procedures() -> Result<Vec<(ProcedureVersion, Vec<String>)>, SeedError> {
    let province: ProvinceFile = serde_json::from_str(PROVINCE_JSON).map_err(invalid)?;
    let procedures: ProceduresFile = serde_json::from_str(PROCEDURES_JSON).map_err(invalid)?;
    let mut forms: FormsFile = serde_json::from_str(FORMS_JSON).map_err(invalid)?;
    let communes: Vec<String> = province
        .agencies
        .iter()
        .filter(|a| a.kind == "commune")
        .map(|a| a.code.clone())
        .collect();
    procedures
        .procedures
        .into_iter()
        .map(|p| {
            let (owner, units) = match p.level {
                AdministrativeLevel::Commune => (PROVINCE.to_owned(), communes.clone()),
                AdministrativeLevel::Province => {
                    let owner = province
                        .owners
                        .get(&p.agency)
                        .ok_or_else(|| invalid(format!("no owner agency for «{}»", p.agency)))?;
                    (owner.clone(), vec![PROVINCE_CENTRE.to_owned()])
                }
            };
            let form = forms.forms.remove(&p.name);
            let version = to_version(p, owner, form)?;
            version.check(&Default::default()).map_err(invalid)?;
            Ok((version, units))
        })
        .collect()
}

fn to_version(
    p: SeedProcedure,
    owner_agency: String,
    form: Option<SeedForm>,
) -> Result<ProcedureVersion, SeedError> {
    // [D] Channels: every procedure can be filed at the desk; online when the published
    // online level allows it; by post for full-process online services. The shared data
    // gives one limit for all channels, and a separate online fee where one exists.
    let mut channels = vec![ChannelTerms {
        channel: Channel::InPerson,
        time_limit: p.time_limit,
        fee: p.fee.text.clone(),
        fee_vnd: p.fee.amount_vnd,
    }];
    if p.online_level != OnlineLevel::None {
        channels.push(ChannelTerms {
            channel: Channel::Online,
            time_limit: p.time_limit,
            fee: p.fee.text.clone(),
            fee_vnd: p.fee.online_amount_vnd.or(p.fee.amount_vnd),
        });
    }
    if p.online_level == OnlineLevel::ToanTrinh {
        channels.push(ChannelTerms {
            channel: Channel::Post,
            time_limit: p.time_limit,
            fee: p.fee.text.clone(),
            fee_vnd: p.fee.amount_vnd,
        });
    }
    let documents = p
        .documents
        .iter()
        .map(|label| DocumentSlot {
            name: slugify(label).replace('-', "_"),
            label: label.clone(),
            copies: 1,
            required: !label.contains("(nếu có)"),
            template: None,
        })
        .collect();
    let mut unconfirmed = Vec::new();
    if p.verify {
        unconfirmed.push("Toàn bộ thông tin thủ tục".to_owned());
    } else if p.fee.verify {
        unconfirmed.push("Phí, lệ phí".to_owned());
    }
    let (subjects, fields) = form.map_or((Vec::new(), Vec::new()), |f| (f.subjects, f.fields));
    Ok(ProcedureVersion {
        slug: slugify(&p.name),
        version: 1,
        code: p.code,
        internal_steps: internal_steps(&p.time_limit)?,
        name: p.name,
        field: p.field,
        level: p.level,
        online_level: p.online_level,
        agency: p.agency,
        owner_agency,
        time_limit: p.time_limit,
        fee: p.fee.text,
        channels,
        subjects,
        steps: Vec::new(),
        documents,
        result: p.result,
        conditions: Vec::new(),
        legal_basis: p.legal_basis,
        supplement_policy: SupplementPolicy::Pause,
        fields,
        unconfirmed,
    })
}

/// [D] The demo province's internal procedure (quy trình nội bộ): receive, assign,
/// appraise, approve and sign, with the appraisal taking what the other steps leave, so
/// that the budgets sum to the legal limit (SPEC §2).
fn internal_steps(limit: &TimeLimit) -> Result<Vec<InternalStep>, SeedError> {
    let hours = |n| TimeLimit::new(TimeUnit::WorkingHours, n, false);
    let days = |n| TimeLimit::new(TimeUnit::CalendarDays, n, false);
    let budgets = match limit.unit() {
        TimeUnit::WorkingDays | TimeUnit::WorkingHours => {
            let total = if limit.unit() == TimeUnit::WorkingDays {
                limit.n() * 8
            } else {
                limit.n()
            };
            let small = if total >= 16 { 4 } else { 1 };
            if total < 4 {
                vec![hours(total)]
            } else {
                vec![
                    hours(small),
                    hours(small),
                    hours(total - 3 * small),
                    hours(small),
                ]
            }
        }
        TimeUnit::SameDay => vec![hours(1), hours(1), hours(4), hours(1)],
        TimeUnit::CalendarDays if limit.n() >= 4 => {
            vec![days(1), days(1), days(limit.n() - 3), days(1)]
        }
        TimeUnit::CalendarDays | TimeUnit::None => return Ok(Vec::new()),
    };
    let budgets = budgets
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(invalid)?;
    let roles = [
        (
            "Tiếp nhận, kiểm tra và chuyển hồ sơ",
            StepRole::OneStopOfficer,
        ),
        ("Phân công xử lý", StepRole::HeadOfDivision),
        ("Thẩm định hồ sơ, dự thảo kết quả", StepRole::Specialist),
        ("Phê duyệt, ký kết quả", StepRole::HeadOfAgency),
    ];
    let steps = if budgets.len() == 1 {
        vec![InternalStep {
            name: roles[2].0.to_owned(),
            role: roles[2].1,
            budget: budgets[0],
        }]
    } else {
        roles
            .iter()
            .zip(budgets)
            .map(|((name, role), budget)| InternalStep {
                name: (*name).to_owned(),
                role: *role,
                budget,
            })
            .collect()
    };
    Ok(steps)
}

/// What a seeding run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedOutcome {
    /// The demo data was stored; the number of procedures that got a new version.
    Seeded(usize),
    /// `only_if_empty` was asked and the catalogue already had procedures.
    SkippedNotEmpty(i64),
}

/// Stores the demo agencies and procedures. Idempotent: a procedure whose current
/// version already equals the demo content gets no new version. With `only_if_empty`, a
/// catalogue that already has procedures is left untouched, so that `make run` never
/// overwrites what an administrator changed.
pub async fn seed_demo(
    pool: &AnyPool,
    only_if_empty: bool,
    now_ms: i64,
) -> Result<SeedOutcome, SeedError> {
    if only_if_empty {
        let existing = repository::count(pool).await?;
        if existing > 0 {
            return Ok(SeedOutcome::SkippedNotEmpty(existing));
        }
    }
    repository::store_agencies(pool, &demo_agencies()?).await?;
    let current: BTreeMap<String, repository::PublishedProcedure> =
        repository::current_versions(pool)
            .await?
            .into_iter()
            .map(|p| (p.version.slug.clone(), p))
            .collect();
    let mut published = 0;
    for (mut version, units) in demo_procedures()? {
        if let Some(existing) = current.get(&version.slug) {
            version.version = existing.version.version;
            if existing.version == version && existing.units == units {
                continue;
            }
        }
        repository::publish(pool, &version, &units, "seed-demo", now_ms).await?;
        published += 1;
    }
    Ok(SeedOutcome::Seeded(published))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn spec_2_the_demo_catalogue_parses_and_every_version_checks() {
        let procedures = demo_procedures().unwrap();
        assert!(procedures.len() >= 16, "{}", procedures.len());
        let slugs: HashSet<_> = procedures.iter().map(|(v, _)| v.slug.clone()).collect();
        assert_eq!(slugs.len(), procedures.len());
        let (birth, units) = procedures
            .iter()
            .find(|(v, _)| v.name == "Đăng ký khai sinh")
            .unwrap();
        assert_eq!(birth.time_limit.to_string(), "Trong ngày");
        assert!(birth.time_limit.cutoff_15h());
        assert_eq!(units, &["H15.50", "H15.51", "H15.52"]);
        assert_eq!(birth.fields.len(), 6);
    }

    #[test]
    fn spec_2_internal_step_budgets_sum_to_the_limit() {
        for (v, _) in demo_procedures().unwrap() {
            assert!(v.check(&Default::default()).is_ok(), "{}", v.name);
            if v.time_limit.unit() != TimeUnit::None {
                assert!(!v.internal_steps.is_empty(), "{}", v.name);
            }
        }
    }

    #[test]
    fn the_demo_province_has_two_departments_and_three_communes() {
        let agencies = demo_agencies().unwrap();
        let count = |kind: &str| agencies.iter().filter(|a| a.kind == kind).count();
        assert_eq!((count("department"), count("commune")), (2, 3));
        for a in &agencies {
            a.view.calendar.build().unwrap();
        }
    }
}
