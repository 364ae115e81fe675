//! The dossier state machine: which action is allowed in which state, for whom, and
//! what state follows (SPEC §3; issue 5). The server calls [`apply`] before every change
//! and refuses what it refuses, so the rule lives in one place.

use serde::{Deserialize, Serialize};

use super::{Action, StaffRole};
use crate::dossier::DossierStatus;
use crate::procedure::{ProcedureVersion, StepRole, TimeLimit};

/// One processing step of a dossier's route: an internal step of the procedure version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteStep {
    /// What the step does, e.g. "Thẩm định hồ sơ".
    pub name: String,
    /// Who acts at the step.
    pub role: StepRole,
    /// Its budget, counted from when the step receives the dossier (SPEC §4.6.8);
    /// `None` when the version publishes no internal steps.
    pub budget: Option<TimeLimit>,
}

/// The processing steps a dossier goes through after the desk hands it over.
///
/// A leading one-stop step of the procedure's internal steps is the reception itself
/// (statuses 1–2), so it is not part of the route. A version without internal steps
/// gets the usual route: assign, appraise, approve — without budgets.
///
/// ```
/// use motcua_core::procedure::{ProcedureVersion, StepRole, EXAMPLE_VERSION};
/// use motcua_core::workflow::Route;
/// let version: ProcedureVersion = serde_json::from_str(EXAMPLE_VERSION).unwrap();
/// let route = Route::of(&version);
/// assert_eq!(route.steps().last().unwrap().role, StepRole::HeadOfAgency);
/// assert!(route.steps().iter().all(|s| s.role != StepRole::OneStopOfficer));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    steps: Vec<RouteStep>,
}

impl Route {
    /// The route of a procedure version.
    pub fn of(version: &ProcedureVersion) -> Route {
        Route::new(version.internal_steps.iter().map(|s| RouteStep {
            name: s.name.clone(),
            role: s.role,
            budget: Some(s.budget),
        }))
    }

    /// A route from steps (leading one-stop steps dropped; empty → the usual route).
    ///
    /// ```
    /// use motcua_core::procedure::StepRole;
    /// use motcua_core::workflow::Route;
    /// let route = Route::new([]);
    /// let roles: Vec<_> = route.steps().iter().map(|s| s.role).collect();
    /// assert_eq!(roles, [StepRole::HeadOfDivision, StepRole::Specialist, StepRole::HeadOfAgency]);
    /// ```
    pub fn new(steps: impl IntoIterator<Item = RouteStep>) -> Route {
        let steps: Vec<RouteStep> = steps
            .into_iter()
            .skip_while(|s| s.role == StepRole::OneStopOfficer)
            .collect();
        if !steps.is_empty() {
            return Route { steps };
        }
        let usual = [
            ("Phân công xử lý", StepRole::HeadOfDivision),
            ("Thẩm định hồ sơ, dự thảo kết quả", StepRole::Specialist),
            ("Phê duyệt, ký kết quả", StepRole::HeadOfAgency),
        ];
        Route {
            steps: usual
                .into_iter()
                .map(|(name, role)| RouteStep {
                    name: name.to_owned(),
                    role,
                    budget: None,
                })
                .collect(),
        }
    }

    /// The steps, in order.
    pub fn steps(&self) -> &[RouteStep] {
        &self.steps
    }

    /// Step `i`, if the route has it.
    pub fn step(&self, i: u8) -> Option<&RouteStep> {
        self.steps.get(usize::from(i))
    }

    fn is_last(&self, i: u8) -> bool {
        usize::from(i) + 1 == self.steps.len()
    }
}

/// Where a dossier stands, as far as the rules care. The server stores these fields
/// as columns of the dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// The status (SPEC §3).
    pub status: DossierStatus,
    /// The processing step (index into the [`Route`]) once handed to processing; kept
    /// while paused (5, 6) so that processing resumes where it stopped.
    pub step: Option<u8>,
    /// Whether a co-ordinating agency holds the dossier (liên thông).
    pub at_other_agency: bool,
    /// The status to go back to when a pause (5, 6) ends.
    pub resume: Option<DossierStatus>,
    /// How many supplements were requested (a second one needs an override).
    pub supplements: u8,
    /// Whether the one apology with a new date (form 04) was issued.
    pub apology: bool,
}

impl State {
    /// A dossier submitted online, awaiting reception (status 1). A dossier entered at
    /// the desk starts here too and is received at once.
    ///
    /// ```
    /// use motcua_core::dossier::DossierStatus;
    /// assert_eq!(motcua_core::workflow::State::submitted().status, DossierStatus::AwaitingReception);
    /// ```
    pub fn submitted() -> State {
        State {
            status: DossierStatus::AwaitingReception,
            step: None,
            at_other_agency: false,
            resume: None,
            supplements: 0,
            apology: false,
        }
    }
}

/// How the actor's unit relates to the dossier. A commune both receives and processes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Units {
    /// The actor's unit received the dossier (its one-stop desk).
    pub receiving: bool,
    /// The actor's unit processes it.
    pub processing: bool,
    /// The actor's unit is the co-ordinating agency currently holding it (liên thông).
    pub coordinating: bool,
}

impl Units {
    /// Whether the actor's unit has anything to do with the dossier (and may see it).
    pub fn any(self) -> bool {
        self.receiving || self.processing || self.coordinating
    }
}

/// Who acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    /// The applicant who owns the dossier (the server checks ownership).
    Applicant,
    /// A staff member with a role, in a unit related to the dossier as `units` says.
    Staff {
        /// Their role.
        role: StaffRole,
        /// How their unit relates to the dossier.
        units: Units,
    },
}

/// Facts the server establishes from the clock and the request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// Completing now would be late (today is after the due date).
    pub late: bool,
    /// The actor gave a reason to override a rule (second supplement request, late
    /// completion without an apology); the server flags the dossier.
    pub override_reason: bool,
}

/// Why an action was refused. The messages are shown to officers as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The dossier has ended (refused, withdrawn, stopped or returned).
    #[error("Hồ sơ đã kết thúc («{0}»): không thể thực hiện thêm thao tác")]
    Finished(&'static str),
    /// Not allowed in this status.
    #[error("Không thể «{action}» khi hồ sơ đang ở trạng thái «{status}»")]
    WrongStatus {
        /// The action's label.
        action: &'static str,
        /// The status label.
        status: &'static str,
    },
    /// The actor's unit has nothing to do with the dossier, or not in the way needed.
    #[error("Hồ sơ không thuộc đơn vị của bạn: không thể «{0}»")]
    NotYourUnit(&'static str),
    /// The role does not perform this action.
    #[error("Vai trò «{role}» không được «{action}»")]
    WrongRole {
        /// The action's label.
        action: &'static str,
        /// The role's label ("Người nộp hồ sơ" for the applicant).
        role: &'static str,
    },
    /// Someone else holds the current step.
    #[error("Bước hiện tại «{step}» do «{role}» thực hiện")]
    NotYourStep {
        /// The step's name.
        step: String,
        /// Its role's label.
        role: &'static str,
    },
    /// A co-ordinating agency holds the dossier.
    #[error("Hồ sơ đang ở cơ quan phối hợp (liên thông): chờ cơ quan đó trả về")]
    AtOtherAgency,
    /// No co-ordinating agency holds the dossier.
    #[error("Hồ sơ không ở cơ quan phối hợp nào")]
    NotAtOtherAgency,
    /// The current step is the last one: the dossier is completed, not forwarded.
    #[error("Đây là bước cuối của quy trình: dùng «Hoàn thành xử lý»")]
    LastStep,
    /// Completion is done at the last step only.
    #[error("Chưa đến bước cuối của quy trình: chưa thể «Hoàn thành xử lý»")]
    NotLastStep,
    /// There is no step before the first.
    #[error("Đây là bước đầu của quy trình xử lý: không có bước trước để trả lại")]
    FirstStep,
    /// A supplement was already requested (Decree 118 Art. 11).
    #[error("Hồ sơ đã được yêu cầu bổ sung một lần; yêu cầu lần thứ hai cần lý do (được ghi nhận và tính là trễ hạn)")]
    SecondSupplement,
    /// The one apology was already issued (SPEC §4.6.6).
    #[error("Phiếu xin lỗi và hẹn lại ngày trả kết quả chỉ được lập một lần")]
    SecondApology,
    /// Late without form 04 (SPEC §3).
    #[error("Hồ sơ đã quá hạn mà chưa có Phiếu xin lỗi và hẹn lại ngày trả: lãnh đạo phải nêu lý do để hoàn thành")]
    LateWithoutApology,
}

const APPLICANT: &str = "Người nộp hồ sơ";

/// Checks `action` by `actor` on a dossier in `state` following `route`, and returns
/// the state that follows. Nothing else may change a dossier.
///
/// ```
/// use motcua_core::dossier::DossierStatus;
/// use motcua_core::workflow::*;
/// let route = Route::new([]);
/// let desk = Actor::Staff { role: StaffRole::OneStopOfficer, units: Units { receiving: true, ..Units::default() } };
/// let received = apply(&route, &State::submitted(), desk, Action::Receive, Facts::default()).unwrap();
/// assert_eq!(received.status, DossierStatus::Received);
/// let err = apply(&route, &received, desk, Action::Decide, Facts::default()).unwrap_err();
/// assert_eq!(err.to_string(), "Không thể «Hoàn thành xử lý» khi hồ sơ đang ở trạng thái «Đã tiếp nhận»");
/// ```
pub fn apply(
    route: &Route,
    state: &State,
    actor: Actor,
    action: Action,
    facts: Facts,
) -> Result<State, WorkflowError> {
    use DossierStatus as S;
    let status = state.status;
    if status.is_final() {
        return Err(WorkflowError::Finished(status.label()));
    }
    let allowed_in: &[S] = match action {
        Action::Receive => &[S::AwaitingReception],
        Action::Refuse => &[S::AwaitingReception, S::SupplementRequested],
        Action::RequestSupplement => &[S::AwaitingReception, S::Received, S::Processing],
        Action::AnswerSupplement => &[S::SupplementRequested],
        Action::SendToProcessing => &[S::Received],
        Action::Assign
        | Action::Forward
        | Action::SendBack
        | Action::Transfer
        | Action::ReturnFromTransfer
        | Action::RequestPayment
        | Action::Decide => &[S::Processing],
        Action::ConfirmPayment => &[S::AwaitingPayment],
        Action::Apologize | Action::Stop => &[
            S::Received,
            S::Processing,
            S::SupplementRequested,
            S::AwaitingPayment,
        ],
        Action::Withdraw => &[
            S::AwaitingReception,
            S::Received,
            S::Processing,
            S::SupplementRequested,
            S::AwaitingPayment,
        ],
        Action::Return => &[S::Decided],
    };
    let wrong_status = || WorkflowError::WrongStatus {
        action: action.label(),
        status: status.label(),
    };
    if !allowed_in.contains(&status) {
        return Err(wrong_status());
    }
    // A refusal after a supplement request only while still at reception.
    if action == Action::Refuse
        && status == S::SupplementRequested
        && state.resume != Some(S::AwaitingReception)
    {
        return Err(wrong_status());
    }

    let (role, units) = match actor {
        Actor::Applicant => {
            return match action {
                Action::AnswerSupplement | Action::Withdraw => Ok(next(state, action, route)),
                _ => Err(WorkflowError::WrongRole {
                    action: action.label(),
                    role: APPLICANT,
                }),
            };
        }
        Actor::Staff { role, units } => (role, units),
    };
    if !units.any() {
        return Err(WorkflowError::NotYourUnit(action.label()));
    }
    let wrong_role = || WorkflowError::WrongRole {
        action: action.label(),
        role: role.label(),
    };
    let Some(acting_as) = role.step_role() else {
        return Err(wrong_role());
    };

    let desk = |units: Units| {
        if role != StaffRole::OneStopOfficer {
            Err(wrong_role())
        } else if !units.receiving {
            Err(WorkflowError::NotYourUnit(action.label()))
        } else {
            Ok(())
        }
    };
    // The holder of the current processing step, at the processing agency.
    let holder = |need_step_role: bool| -> Result<&RouteStep, WorkflowError> {
        if acting_as == StepRole::OneStopOfficer {
            return Err(wrong_role());
        }
        if !units.processing {
            return Err(WorkflowError::NotYourUnit(action.label()));
        }
        if state.at_other_agency {
            return Err(WorkflowError::AtOtherAgency);
        }
        let step = state
            .step
            .and_then(|i| route.step(i))
            .ok_or_else(wrong_status)?;
        if need_step_role && step.role != acting_as {
            return Err(WorkflowError::NotYourStep {
                step: step.name.clone(),
                role: step.role.label(),
            });
        }
        Ok(step)
    };

    match action {
        Action::Receive
        | Action::Refuse
        | Action::SendToProcessing
        | Action::Return
        | Action::Stop
        | Action::Withdraw
        | Action::AnswerSupplement => desk(units)?,
        Action::RequestSupplement => {
            if status != S::Processing {
                desk(units)?;
            } else {
                holder(true)?;
            }
            if state.supplements >= 1 && !facts.override_reason {
                return Err(WorkflowError::SecondSupplement);
            }
        }
        Action::Assign => {
            if role != StaffRole::HeadOfDivision {
                return Err(wrong_role());
            }
            let step = holder(false)?;
            let i = state.step.unwrap_or_default();
            let moves = step.role == StepRole::HeadOfDivision
                && route
                    .step(i + 1)
                    .is_some_and(|s| s.role == StepRole::Specialist);
            let reassigns = step.role == StepRole::Specialist;
            if !moves && !reassigns {
                return Err(WorkflowError::NotYourStep {
                    step: step.name.clone(),
                    role: step.role.label(),
                });
            }
        }
        Action::Forward => {
            holder(true)?;
            if route.is_last(state.step.unwrap_or_default()) {
                return Err(WorkflowError::LastStep);
            }
        }
        Action::SendBack => {
            holder(true)?;
            if state.step == Some(0) {
                return Err(WorkflowError::FirstStep);
            }
        }
        Action::Transfer | Action::RequestPayment => {
            holder(true)?;
        }
        Action::ReturnFromTransfer => {
            if acting_as == StepRole::OneStopOfficer {
                return Err(wrong_role());
            }
            if !state.at_other_agency {
                return Err(WorkflowError::NotAtOtherAgency);
            }
            if !units.coordinating {
                return Err(WorkflowError::NotYourUnit(action.label()));
            }
        }
        Action::ConfirmPayment => {
            let at_desk = role == StaffRole::OneStopOfficer && units.receiving;
            let at_agency = acting_as != StepRole::OneStopOfficer && units.processing;
            if !at_desk && !at_agency {
                return Err(if role == StaffRole::OneStopOfficer || units.processing {
                    WorkflowError::NotYourUnit(action.label())
                } else {
                    wrong_role()
                });
            }
        }
        Action::Apologize => {
            if role != StaffRole::HeadOfAgency {
                return Err(wrong_role());
            }
            if !units.processing {
                return Err(WorkflowError::NotYourUnit(action.label()));
            }
            if state.apology {
                return Err(WorkflowError::SecondApology);
            }
        }
        Action::Decide => {
            // The holder of the last step completes it; the head of agency may always.
            let step = holder(false)?;
            if !route.is_last(state.step.unwrap_or_default()) {
                return Err(WorkflowError::NotLastStep);
            }
            if step.role != acting_as && role != StaffRole::HeadOfAgency {
                return Err(WorkflowError::NotYourStep {
                    step: step.name.clone(),
                    role: step.role.label(),
                });
            }
            if facts.late && !state.apology && !(facts.override_reason && role.is_head()) {
                return Err(WorkflowError::LateWithoutApology);
            }
        }
    }
    Ok(next(state, action, route))
}

/// The state after an allowed action.
fn next(state: &State, action: Action, route: &Route) -> State {
    use DossierStatus as S;
    let mut s = *state;
    match action {
        Action::Receive => s.status = S::Received,
        Action::Refuse => {
            s.status = S::Refused;
            s.resume = None;
        }
        Action::RequestSupplement => {
            s.resume = Some(s.status);
            s.status = S::SupplementRequested;
            s.supplements = s.supplements.saturating_add(1);
        }
        Action::AnswerSupplement | Action::ConfirmPayment => {
            s.status = s.resume.take().unwrap_or(S::Processing);
        }
        Action::SendToProcessing => {
            s.status = S::Processing;
            s.step = Some(0);
        }
        Action::Assign => {
            // Moving from the assigning step to the specialist; a re-assignment keeps it.
            if let Some(i) = s.step {
                if route
                    .step(i)
                    .is_some_and(|st| st.role == StepRole::HeadOfDivision)
                {
                    s.step = Some(i + 1);
                }
            }
        }
        Action::Forward => s.step = s.step.map(|i| i + 1),
        Action::SendBack => s.step = s.step.map(|i| i.saturating_sub(1)),
        Action::Transfer => s.at_other_agency = true,
        Action::ReturnFromTransfer => s.at_other_agency = false,
        Action::RequestPayment => {
            s.resume = Some(S::Processing);
            s.status = S::AwaitingPayment;
        }
        Action::Apologize => s.apology = true,
        Action::Decide => s.status = S::Decided,
        Action::Return => s.status = S::Returned,
        Action::Stop => {
            s.status = S::Stopped;
            s.resume = None;
        }
        Action::Withdraw => {
            s.status = S::Withdrawn;
            s.resume = None;
        }
    }
    s
}

/// The actions `actor` may take now (for the buttons of a screen). Actions that need
/// an override reason are listed; submitting without the reason is refused.
///
/// ```
/// use motcua_core::workflow::*;
/// let desk = Actor::Staff { role: StaffRole::OneStopOfficer, units: Units { receiving: true, ..Units::default() } };
/// let got = available(&Route::new([]), &State::submitted(), desk);
/// assert_eq!(got, [Action::Receive, Action::RequestSupplement, Action::Refuse, Action::Withdraw]);
/// ```
pub fn available(route: &Route, state: &State, actor: Actor) -> Vec<Action> {
    let facts = Facts {
        late: false,
        override_reason: true,
    };
    Action::ALL
        .iter()
        .copied()
        .filter(|&a| apply(route, state, actor, a, facts).is_ok())
        .collect()
}
