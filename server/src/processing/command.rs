//! What a person asks to do to a dossier, with what each action needs (items, reasons,
//! the person assigned, the new date, …), and why it can be refused.

use chrono::NaiveDateTime;
use motcua_core::workflow::{Action, StaffRole, WorkflowError};

use crate::dossier::uploads::StagedFile;

/// How the result is handed back (SPEC §3 "Results").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReturnMethod {
    /// At the desk: who collected it.
    Desk {
        /// Name of the person who collected.
        collected_by: String,
    },
    /// By post: the postal tracking number.
    Post {
        /// Tracking number.
        tracking_no: String,
    },
    /// The citizen downloads the signed electronic result.
    Electronic,
}

impl ReturnMethod {
    /// Stored identifier.
    pub fn as_str(&self) -> &'static str {
        match self {
            ReturnMethod::Desk { .. } => "desk",
            ReturnMethod::Post { .. } => "post",
            ReturnMethod::Electronic => "electronic",
        }
    }

    /// Vietnamese label (form 07 "Hình thức trả").
    pub fn label_of(id: &str) -> &'static str {
        match id {
            "desk" => "Trực tiếp tại Bộ phận Một cửa",
            "post" => "Qua dịch vụ bưu chính",
            "electronic" => "Trực tuyến (bản điện tử)",
            _ => "",
        }
    }
}

/// One request, with its data.
#[derive(Debug, Clone)]
pub enum Command {
    /// Receive (form 01).
    Receive,
    /// Ask for every missing item at once (form 02).
    RequestSupplement {
        /// Items to supply or correct.
        items: Vec<String>,
        /// Why.
        reason: String,
        /// Reason for a second request (flagged).
        override_reason: Option<String>,
    },
    /// Refuse (form 03).
    Refuse {
        /// Specific reasons.
        reasons: Vec<String>,
    },
    /// The supplement arrives: online from the applicant, or brought to the desk.
    AnswerSupplement {
        /// What was received.
        note: String,
        /// The files (staged uploads or the desk's scans), attached as a new round.
        files: Vec<StagedFile>,
    },
    /// Hand to the processing agency.
    SendToProcessing {
        /// Comment.
        note: String,
    },
    /// Assign to a specialist (staff id).
    Assign {
        /// The specialist's staff id.
        to: String,
        /// Comment.
        note: String,
    },
    /// To the next step.
    Forward {
        /// Comment.
        note: String,
    },
    /// Back one step.
    SendBack {
        /// Why (required).
        comment: String,
    },
    /// To a co-ordinating agency (liên thông).
    Transfer {
        /// Its code.
        to_unit: String,
        /// What is asked of it.
        note: String,
    },
    /// Back from the co-ordinating agency.
    ReturnFromTransfer {
        /// Its answer.
        note: String,
    },
    /// Wait for the applicant's fee or tax.
    RequestPayment {
        /// What to pay, as text.
        amount: String,
    },
    /// Fee or tax paid.
    ConfirmPayment {
        /// Receipt reference.
        note: String,
    },
    /// Form 04: apology with a new date.
    Apologize {
        /// Why late.
        reason: String,
        /// The new appointment (local time).
        new_due: NaiveDateTime,
    },
    /// Decision issued, result ready.
    Decide {
        /// Reason when completing late without an apology (heads only; flagged).
        override_reason: Option<String>,
        /// Comment.
        note: String,
    },
    /// Result returned.
    Return(ReturnMethod),
    /// Stopped at the applicant's request (form 05).
    Stop {
        /// The applicant's reason.
        reason: String,
    },
    /// Withdrawn.
    Withdraw {
        /// Why, if said.
        reason: String,
    },
}

impl Command {
    /// The core action this command performs.
    pub fn action(&self) -> Action {
        match self {
            Command::Receive => Action::Receive,
            Command::RequestSupplement { .. } => Action::RequestSupplement,
            Command::Refuse { .. } => Action::Refuse,
            Command::AnswerSupplement { .. } => Action::AnswerSupplement,
            Command::SendToProcessing { .. } => Action::SendToProcessing,
            Command::Assign { .. } => Action::Assign,
            Command::Forward { .. } => Action::Forward,
            Command::SendBack { .. } => Action::SendBack,
            Command::Transfer { .. } => Action::Transfer,
            Command::ReturnFromTransfer { .. } => Action::ReturnFromTransfer,
            Command::RequestPayment { .. } => Action::RequestPayment,
            Command::ConfirmPayment { .. } => Action::ConfirmPayment,
            Command::Apologize { .. } => Action::Apologize,
            Command::Decide { .. } => Action::Decide,
            Command::Return(_) => Action::Return,
            Command::Stop { .. } => Action::Stop,
            Command::Withdraw { .. } => Action::Withdraw,
        }
    }

    /// The override reason it carries, trimmed, if any.
    pub fn override_reason(&self) -> Option<&str> {
        match self {
            Command::RequestSupplement {
                override_reason, ..
            }
            | Command::Decide {
                override_reason, ..
            } => override_reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty()),
            _ => None,
        }
    }
}

/// Who acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acting {
    /// Staff id, citizen id, or "cli:<name>" for an operator at the command line.
    pub id: String,
    /// Display name (history, slips).
    pub name: String,
    /// `None` for the applicant.
    pub role: Option<StaffRole>,
    /// The staff member's unit (`None` for the applicant).
    pub unit: Option<String>,
}

/// Why a request was refused. The messages are shown to the person as they are.
#[derive(Debug, thiserror::Error)]
pub enum ActError {
    /// No such dossier, or one the person may not see.
    #[error("Không tìm thấy hồ sơ «{0}»")]
    NotFound(String),
    /// The rules refuse it.
    #[error("{0}")]
    Refused(#[from] WorkflowError),
    /// Someone changed the dossier since the person loaded it.
    #[error("Hồ sơ đã được cập nhật bởi người khác")]
    Conflict,
    /// A required value is missing or wrong; names the field.
    #[error("{0}")]
    Invalid(String),
    /// Anything else (logged; never shown in detail).
    #[error("internal: {0}")]
    Internal(String),
}

impl Acting {
    /// An operator at the command line, acting as the dossier's receiving desk.
    pub fn desk_operator(name: &str) -> Acting {
        Acting {
            id: format!("cli:{name}"),
            name: name.to_owned(),
            role: Some(StaffRole::OneStopOfficer),
            unit: None,
        }
    }
}

impl ActError {
    pub(crate) fn internal(e: impl std::fmt::Display) -> ActError {
        ActError::Internal(e.to_string())
    }
}
