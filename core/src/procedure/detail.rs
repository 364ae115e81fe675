//! Every published component of one version of a procedure (SPEC §2, Decree 63/2010
//! Art. 8(2)), as the catalogue stores it and the procedure page shows it.

use serde::{Deserialize, Serialize};

use super::{
    AdministrativeLevel, Channel, OnlineLevel, ProcedureError, ProcedureSummary, StepRole,
    TimeLimit,
};
use crate::deadline::{check_step_budgets, OfficeHours, SupplementPolicy};
use crate::dossier::{DocumentSlot, FieldSpec, FormSpec};

/// What one channel (in person, online, by post) takes and costs: SPEC §2 requires each
/// channel to state its own processing time and fee.
///
/// ```
/// use motcua_core::procedure::{Channel, ChannelTerms};
/// let t: ChannelTerms = serde_json::from_str(r#"{"channel":"online",
///     "time_limit":{"unit":"working_days","n":5},"fee":"135.000 đ","fee_vnd":135000}"#).unwrap();
/// assert_eq!((t.channel, t.fee_vnd), (Channel::Online, Some(135_000)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelTerms {
    /// The channel.
    pub channel: Channel,
    /// Its legal time limit.
    pub time_limit: TimeLimit,
    /// Fees and charges as published for this channel.
    pub fee: String,
    /// The amount in đồng, when it is one fixed number (what the payment step charges).
    #[serde(default)]
    pub fee_vnd: Option<u64>,
}

/// One step of the internal procedure (quy trình nội bộ): who acts and the time budget
/// counted from when the step receives the dossier (SPEC §2, §4.6.8).
///
/// ```
/// use motcua_core::procedure::{InternalStep, StepRole};
/// let s: InternalStep = serde_json::from_str(r#"{"name":"Thẩm định hồ sơ",
///     "role":"specialist","budget":{"unit":"working_hours","n":12}}"#).unwrap();
/// assert_eq!((s.role, s.budget.to_string().as_str()), (StepRole::Specialist, "12 giờ làm việc"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InternalStep {
    /// What the step does, e.g. "Tiếp nhận hồ sơ".
    pub name: String,
    /// Who acts.
    pub role: StepRole,
    /// Its budget.
    pub budget: TimeLimit,
}

/// One version of a published procedure with all of its components. Editing a procedure
/// creates a new version; a dossier keeps the version it was submitted under (SPEC §2).
///
/// ```
/// use motcua_core::procedure::ProcedureVersion;
/// let v: ProcedureVersion = serde_json::from_str(motcua_core::procedure::EXAMPLE_VERSION).unwrap();
/// assert!(v.check(&Default::default()).is_ok());
/// assert_eq!(v.summary().name, "Cấp đổi giấy phép lái xe");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureVersion {
    /// Stable identifier (see [`crate::text::slugify`]).
    pub slug: String,
    /// Version number, from 1.
    pub version: u32,
    /// National procedure code such as `1.001776`, when published.
    pub code: Option<String>,
    /// Official name.
    pub name: String,
    /// Field (lĩnh vực).
    pub field: String,
    /// Implementing level.
    pub level: AdministrativeLevel,
    /// Online service level.
    pub online_level: OnlineLevel,
    /// Implementing agency as published (text).
    pub agency: String,
    /// Electronic code of the agency that owns the procedure in this deployment.
    pub owner_agency: String,
    /// The legal time limit as published (the in-person one when channels differ).
    pub time_limit: TimeLimit,
    /// Fees and charges as published.
    pub fee: String,
    /// Time limit and fee per channel.
    pub channels: Vec<ChannelTerms>,
    /// Who may use the procedure (citizens, organisations, foreigners).
    #[serde(default)]
    pub subjects: Vec<String>,
    /// The published steps (trình tự thực hiện), in order.
    #[serde(default)]
    pub steps: Vec<String>,
    /// Dossier components, one upload slot each.
    pub documents: Vec<DocumentSlot>,
    /// The result the applicant receives.
    pub result: String,
    /// Requirements and conditions.
    #[serde(default)]
    pub conditions: Vec<String>,
    /// Legal basis, one document per entry.
    pub legal_basis: Vec<String>,
    /// Internal steps with budgets summing to the time limit.
    #[serde(default)]
    pub internal_steps: Vec<InternalStep>,
    /// What a supplement request does to the clock (SPEC §4.6.5).
    #[serde(default)]
    pub supplement_policy: SupplementPolicy,
    /// Procedure-specific fields of the online form.
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
    /// Published values not yet confirmed against the official text (shown as such).
    #[serde(default)]
    pub unconfirmed: Vec<String>,
}

impl ProcedureVersion {
    /// Checks what a published version must satisfy before it is stored: a name, at
    /// least one channel and one document, no channel twice, unique slot and field
    /// names, an online channel only for an online service, and internal step budgets
    /// summing to the time limit (SPEC §2: "validate on save").
    ///
    /// ```
    /// use motcua_core::procedure::ProcedureVersion;
    /// let mut v: ProcedureVersion = serde_json::from_str(motcua_core::procedure::EXAMPLE_VERSION).unwrap();
    /// v.internal_steps.pop();
    /// let err = v.check(&Default::default()).unwrap_err().to_string();
    /// assert!(err.contains("không bằng"), "{err}");
    /// ```
    pub fn check(&self, hours: &OfficeHours) -> Result<(), ProcedureError> {
        let fail = |reason: String| {
            Err(ProcedureError::Inconsistent {
                procedure: self.name.clone(),
                reason,
            })
        };
        if self.name.trim().is_empty() || self.slug.is_empty() {
            return fail("thiếu tên thủ tục".into());
        }
        if self.version == 0 {
            return fail("phiên bản bắt đầu từ 1".into());
        }
        if self.channels.is_empty() {
            return fail("chưa có cách thức thực hiện nào".into());
        }
        for (i, c) in self.channels.iter().enumerate() {
            if self.channels[..i].iter().any(|d| d.channel == c.channel) {
                return fail(format!(
                    "cách thức «{}» khai báo hai lần",
                    c.channel.label()
                ));
            }
        }
        if self.accepts_online() && self.online_level == OnlineLevel::None {
            return fail(
                "có cách thức trực tuyến nhưng mức độ là «chưa có dịch vụ trực tuyến»".into(),
            );
        }
        if self.documents.is_empty() {
            return fail("chưa có thành phần hồ sơ nào".into());
        }
        if let Some(name) = first_duplicate(self.documents.iter().map(|d| d.name.as_str())) {
            return fail(format!("thành phần hồ sơ «{name}» trùng tên"));
        }
        if let Some(name) = first_duplicate(self.fields.iter().map(|f| f.name.as_str())) {
            return fail(format!("trường «{name}» trùng tên"));
        }
        if !self.internal_steps.is_empty() {
            let budgets: Vec<TimeLimit> = self.internal_steps.iter().map(|s| s.budget).collect();
            if let Err(e) = check_step_budgets(&self.time_limit, &budgets, hours) {
                return fail(e.to_string());
            }
        }
        Ok(())
    }

    /// What lists and search show.
    ///
    /// ```
    /// use motcua_core::procedure::ProcedureVersion;
    /// let v: ProcedureVersion = serde_json::from_str(motcua_core::procedure::EXAMPLE_VERSION).unwrap();
    /// assert_eq!(v.summary().fee, "135.000 đ");
    /// ```
    pub fn summary(&self) -> ProcedureSummary {
        ProcedureSummary {
            slug: self.slug.clone(),
            code: self.code.clone(),
            name: self.name.clone(),
            field: self.field.clone(),
            level: self.level,
            agency: self.agency.clone(),
            time_limit: self.time_limit,
            online_level: self.online_level,
            fee: self.fee.clone(),
        }
    }

    /// The terms of `channel`, if the procedure can be used through it.
    ///
    /// ```
    /// use motcua_core::procedure::{Channel, ProcedureVersion};
    /// let v: ProcedureVersion = serde_json::from_str(motcua_core::procedure::EXAMPLE_VERSION).unwrap();
    /// assert_eq!(v.terms(Channel::Online).unwrap().fee_vnd, Some(135_000));
    /// ```
    pub fn terms(&self, channel: Channel) -> Option<&ChannelTerms> {
        self.channels.iter().find(|c| c.channel == channel)
    }

    /// Whether citizens can submit this procedure online.
    ///
    /// ```
    /// use motcua_core::procedure::ProcedureVersion;
    /// let v: ProcedureVersion = serde_json::from_str(motcua_core::procedure::EXAMPLE_VERSION).unwrap();
    /// assert!(v.accepts_online());
    /// ```
    pub fn accepts_online(&self) -> bool {
        self.terms(Channel::Online).is_some()
    }

    /// The online form this version asks for: its fields and document slots.
    ///
    /// ```
    /// use motcua_core::procedure::ProcedureVersion;
    /// let v: ProcedureVersion = serde_json::from_str(motcua_core::procedure::EXAMPLE_VERSION).unwrap();
    /// assert_eq!(v.form_spec().documents.len(), 2);
    /// ```
    pub fn form_spec(&self) -> FormSpec {
        FormSpec {
            fields: self.fields.clone(),
            documents: self.documents.clone(),
            online_level: self.online_level,
        }
    }
}

fn first_duplicate<'a>(names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = std::collections::BTreeSet::new();
    names.into_iter().find(|n| !seen.insert(*n))
}

/// A complete version, for examples and tests (a driving licence exchange).
pub const EXAMPLE_VERSION: &str = r#"{
  "slug": "cap-doi-giay-phep-lai-xe", "version": 1, "code": null,
  "name": "Cấp đổi giấy phép lái xe", "field": "Đường bộ", "level": "province",
  "online_level": "toan_trinh", "agency": "Công an tỉnh", "owner_agency": "H15.20",
  "time_limit": {"unit": "working_days", "n": 5}, "fee": "135.000 đ",
  "channels": [
    {"channel": "in_person", "time_limit": {"unit": "working_days", "n": 5}, "fee": "135.000 đ", "fee_vnd": 135000},
    {"channel": "online", "time_limit": {"unit": "working_days", "n": 5}, "fee": "135.000 đ", "fee_vnd": 135000}
  ],
  "documents": [
    {"name": "don_de_nghi", "label": "Đơn đề nghị đổi giấy phép lái xe", "copies": 1, "required": true, "template": null},
    {"name": "giay_kham_suc_khoe", "label": "Giấy khám sức khỏe", "copies": 1, "required": true, "template": null}
  ],
  "result": "Giấy phép lái xe", "legal_basis": ["Thông tư 35/2024/TT-BGTVT"],
  "internal_steps": [
    {"name": "Tiếp nhận hồ sơ", "role": "one_stop_officer", "budget": {"unit": "working_hours", "n": 4}},
    {"name": "Phân công xử lý", "role": "head_of_division", "budget": {"unit": "working_hours", "n": 4}},
    {"name": "Thẩm định hồ sơ", "role": "specialist", "budget": {"unit": "working_hours", "n": 28}},
    {"name": "Phê duyệt, ký", "role": "head_of_agency", "budget": {"unit": "working_hours", "n": 4}}
  ]
}"#;
