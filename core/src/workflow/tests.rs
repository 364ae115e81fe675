//! The state machine against an independent reading of the rules (SPEC §3; issue 5),
//! over every status, step, pause, flag, role, unit relation, action and fact.

use super::*;
use crate::dossier::DossierStatus as S;
use crate::procedure::StepRole;

fn step(name: &str, role: StepRole) -> RouteStep {
    RouteStep {
        name: name.into(),
        role,
        budget: None,
    }
}

/// The demo province's route (receive → assign → appraise → approve; the desk step is
/// reception itself), a one-step route, and the usual route.
fn routes() -> Vec<Route> {
    vec![
        Route::new([
            step("Tiếp nhận", StepRole::OneStopOfficer),
            step("Phân công", StepRole::HeadOfDivision),
            step("Thẩm định", StepRole::Specialist),
            step("Phê duyệt", StepRole::HeadOfAgency),
        ]),
        Route::new([step("Thẩm định", StepRole::Specialist)]),
        Route::new([
            step("Thẩm định", StepRole::Specialist),
            step("Xác minh", StepRole::Specialist),
            step("Phê duyệt", StepRole::HeadOfAgency),
        ]),
    ]
}

/// Every consistent state of a dossier on `route`.
fn states(route: &Route) -> Vec<State> {
    let steps: Vec<Option<u8>> = (0..route.steps().len() as u8).map(Some).collect();
    let mut out = Vec::new();
    for &status in S::ALL {
        let mut shapes: Vec<(Option<u8>, bool, Option<S>)> = Vec::new();
        match status {
            S::Processing => {
                for &st in &steps {
                    shapes.push((st, false, None));
                    shapes.push((st, true, None));
                }
            }
            S::SupplementRequested => {
                shapes.push((None, false, Some(S::AwaitingReception)));
                shapes.push((None, false, Some(S::Received)));
                for &st in &steps {
                    shapes.push((st, false, Some(S::Processing)));
                }
            }
            S::AwaitingPayment => {
                for &st in &steps {
                    shapes.push((st, false, Some(S::Processing)));
                }
            }
            S::Decided | S::Returned => shapes.push((steps.last().copied().flatten(), false, None)),
            _ => shapes.push((None, false, None)),
        }
        for (step, at_other_agency, resume) in shapes {
            for supplements in 0..=2 {
                for apology in [false, true] {
                    out.push(State {
                        status,
                        step,
                        at_other_agency,
                        resume,
                        supplements,
                        apology,
                    });
                }
            }
        }
    }
    out
}

fn actors() -> Vec<Actor> {
    let mut out = vec![Actor::Applicant];
    for &role in StaffRole::ALL {
        for bits in 0..8u8 {
            let units = Units {
                receiving: bits & 1 != 0,
                processing: bits & 2 != 0,
                coordinating: bits & 4 != 0,
            };
            out.push(Actor::Staff { role, units });
        }
    }
    out
}

/// The rules as the issue and SPEC §3 state them, written independently of `apply`.
fn oracle(route: &Route, st: &State, actor: Actor, action: Action, f: Facts) -> Option<State> {
    let (applicant, role, u) = match actor {
        Actor::Applicant => (true, None, Units::default()),
        Actor::Staff { role, units } => (false, Some(role), units),
    };
    let is = |r: StaffRole| role == Some(r);
    let desk = is(StaffRole::OneStopOfficer) && u.receiving;
    let processing_role = matches!(
        role,
        Some(StaffRole::Specialist | StaffRole::HeadOfDivision | StaffRole::HeadOfAgency)
    );
    let last = route.steps().len() as u8 - 1;
    let step_role = st.step.map(|i| route.steps()[i as usize].role);
    let next_role = st
        .step
        .and_then(|i| route.steps().get(i as usize + 1))
        .map(|s| s.role);
    let at_agency = processing_role && u.processing && !st.at_other_agency && st.step.is_some();
    let holds = at_agency && step_role.is_some() && role.and_then(|r| r.step_role()) == step_role;
    let paused_or_running = matches!(
        st.status,
        S::Received | S::Processing | S::SupplementRequested | S::AwaitingPayment
    );
    let second_ok = st.supplements == 0 || f.override_reason;
    let mut n = *st;
    let ok = match (action, st.status) {
        (Action::Receive, S::AwaitingReception) if desk => {
            n.status = S::Received;
            true
        }
        (Action::Refuse, S::AwaitingReception) if desk => {
            n.status = S::Refused;
            true
        }
        (Action::Refuse, S::SupplementRequested)
            if desk && st.resume == Some(S::AwaitingReception) =>
        {
            n.status = S::Refused;
            n.resume = None;
            true
        }
        // The desk at reception or before handing over; the step's holder in processing.
        (Action::RequestSupplement, S::AwaitingReception | S::Received | S::Processing)
            if second_ok
                && (if st.status == S::Processing {
                    holds
                } else {
                    desk
                }) =>
        {
            n.resume = Some(st.status);
            n.status = S::SupplementRequested;
            n.supplements += 1;
            true
        }
        (Action::AnswerSupplement, S::SupplementRequested) if applicant || desk => {
            n.status = st.resume.unwrap();
            n.resume = None;
            true
        }
        (Action::SendToProcessing, S::Received) if desk => {
            n.status = S::Processing;
            n.step = Some(0);
            true
        }
        (Action::Assign, S::Processing)
            if is(StaffRole::HeadOfDivision)
                && at_agency
                && ((step_role == Some(StepRole::HeadOfDivision)
                    && next_role == Some(StepRole::Specialist))
                    || step_role == Some(StepRole::Specialist)) =>
        {
            if step_role == Some(StepRole::HeadOfDivision) {
                n.step = Some(st.step.unwrap() + 1);
            }
            true
        }
        (Action::Forward, S::Processing) if holds && st.step != Some(last) => {
            n.step = Some(st.step.unwrap() + 1);
            true
        }
        (Action::SendBack, S::Processing) if holds && st.step != Some(0) => {
            n.step = Some(st.step.unwrap() - 1);
            true
        }
        (Action::Transfer, S::Processing) if holds => {
            n.at_other_agency = true;
            true
        }
        (Action::ReturnFromTransfer, S::Processing)
            if st.at_other_agency && u.coordinating && processing_role =>
        {
            n.at_other_agency = false;
            true
        }
        (Action::RequestPayment, S::Processing) if holds => {
            n.status = S::AwaitingPayment;
            n.resume = Some(S::Processing);
            true
        }
        (Action::ConfirmPayment, S::AwaitingPayment)
            if desk || (processing_role && u.processing) =>
        {
            n.status = S::Processing;
            n.resume = None;
            true
        }
        (Action::Apologize, _)
            if paused_or_running && is(StaffRole::HeadOfAgency) && u.processing && !st.apology =>
        {
            n.apology = true;
            true
        }
        (Action::Decide, S::Processing)
            if at_agency
                && st.step == Some(last)
                && (holds || is(StaffRole::HeadOfAgency))
                && (!f.late
                    || st.apology
                    || (f.override_reason && role.is_some_and(StaffRole::is_head))) =>
        {
            n.status = S::Decided;
            true
        }
        (Action::Return, S::Decided) if desk => {
            n.status = S::Returned;
            true
        }
        (Action::Stop, _) if paused_or_running && desk => {
            n.status = S::Stopped;
            n.resume = None;
            true
        }
        (Action::Withdraw, _)
            if (paused_or_running || st.status == S::AwaitingReception) && (applicant || desk) =>
        {
            n.status = S::Withdrawn;
            n.resume = None;
            true
        }
        _ => false,
    };
    ok.then_some(n)
}

#[test]
fn issue_5_every_state_role_unit_action_and_fact_agrees_with_the_rules() {
    let actors = actors();
    let facts = [
        Facts::default(),
        Facts {
            late: true,
            override_reason: false,
        },
        Facts {
            late: false,
            override_reason: true,
        },
        Facts {
            late: true,
            override_reason: true,
        },
    ];
    let (mut checked, mut allowed) = (0u32, 0u32);
    for route in routes() {
        for st in states(&route) {
            for &actor in &actors {
                for &action in Action::ALL {
                    for f in facts {
                        let got = apply(&route, &st, actor, action, f);
                        let want = oracle(&route, &st, actor, action, f);
                        assert_eq!(
                            got.as_ref().ok(),
                            want.as_ref(),
                            "{action:?} by {actor:?} on {st:?} with {f:?}: {got:?}"
                        );
                        checked += 1;
                        allowed += u32::from(want.is_some());
                    }
                }
            }
        }
    }
    eprintln!("workflow: {checked} combinations checked, {allowed} allowed");
    // The enumeration really ran and both answers occur.
    assert!(checked > 500_000, "{checked}");
    assert!(
        allowed > 1_000 && allowed < checked / 10,
        "{allowed} of {checked}"
    );
}

fn desk() -> Actor {
    Actor::Staff {
        role: StaffRole::OneStopOfficer,
        units: Units {
            receiving: true,
            ..Units::default()
        },
    }
}

fn agency(role: StaffRole) -> Actor {
    Actor::Staff {
        role,
        units: Units {
            processing: true,
            ..Units::default()
        },
    }
}

fn run(route: &Route, moves: &[(Actor, Action)]) -> Result<State, WorkflowError> {
    let mut s = State::submitted();
    for &(who, what) in moves {
        s = apply(route, &s, who, what, Facts::default())?;
    }
    Ok(s)
}

#[test]
fn issue_5_a_full_life_with_send_back_transfer_supplement_and_payment() {
    let route = routes().remove(0);
    let coordinator = Actor::Staff {
        role: StaffRole::Specialist,
        units: Units {
            coordinating: true,
            ..Units::default()
        },
    };
    let s = run(
        &route,
        &[
            (desk(), Action::Receive),
            (desk(), Action::SendToProcessing),
            (agency(StaffRole::HeadOfDivision), Action::Assign),
            (agency(StaffRole::Specialist), Action::RequestSupplement),
            (Actor::Applicant, Action::AnswerSupplement),
            (agency(StaffRole::Specialist), Action::Transfer),
            (coordinator, Action::ReturnFromTransfer),
            (agency(StaffRole::Specialist), Action::Forward),
            (agency(StaffRole::HeadOfAgency), Action::SendBack),
            (agency(StaffRole::Specialist), Action::RequestPayment),
            (desk(), Action::ConfirmPayment),
            (agency(StaffRole::Specialist), Action::Forward),
            (agency(StaffRole::HeadOfAgency), Action::Apologize),
            (agency(StaffRole::HeadOfAgency), Action::Decide),
            (desk(), Action::Return),
        ],
    )
    .unwrap();
    assert_eq!(s.status, S::Returned);
    assert_eq!((s.supplements, s.apology, s.step), (1, true, Some(2)));
}

#[test]
fn spec_3_a_second_supplement_request_needs_an_override_reason() {
    // SPEC §3, Decree 118 Art. 11: all missing items at once, only once.
    let route = routes().remove(1);
    let once = run(
        &route,
        &[
            (desk(), Action::RequestSupplement),
            (Actor::Applicant, Action::AnswerSupplement),
        ],
    )
    .unwrap();
    assert_eq!(once.status, S::AwaitingReception);
    let err = apply(
        &route,
        &once,
        desk(),
        Action::RequestSupplement,
        Facts::default(),
    );
    assert_eq!(err, Err(WorkflowError::SecondSupplement));
    let with_reason = Facts {
        override_reason: true,
        ..Facts::default()
    };
    let twice = apply(
        &route,
        &once,
        desk(),
        Action::RequestSupplement,
        with_reason,
    )
    .unwrap();
    assert_eq!(
        (twice.status, twice.supplements),
        (S::SupplementRequested, 2)
    );
}

#[test]
fn spec_3_the_apology_is_issued_once_by_the_head_of_the_processing_agency() {
    // SPEC §3 and §4.6.6: form 04 is signed by the head of the processing agency, once.
    let route = routes().remove(0);
    let s = run(
        &route,
        &[
            (desk(), Action::Receive),
            (desk(), Action::SendToProcessing),
        ],
    )
    .unwrap();
    let head = agency(StaffRole::HeadOfAgency);
    let err = apply(
        &route,
        &s,
        agency(StaffRole::HeadOfDivision),
        Action::Apologize,
        Facts::default(),
    );
    assert!(matches!(err, Err(WorkflowError::WrongRole { .. })));
    let s = apply(&route, &s, head, Action::Apologize, Facts::default()).unwrap();
    assert_eq!(
        apply(&route, &s, head, Action::Apologize, Facts::default()),
        Err(WorkflowError::SecondApology)
    );
}

#[test]
fn spec_3_a_late_completion_without_apology_is_refused_unless_a_head_overrides() {
    // SPEC §3 "blocks a late completion without an apology"; issue 5: head overrides.
    let route = routes().remove(1); // one specialist step
    let s = run(
        &route,
        &[
            (desk(), Action::Receive),
            (desk(), Action::SendToProcessing),
        ],
    )
    .unwrap();
    let late = Facts {
        late: true,
        override_reason: false,
    };
    let late_override = Facts {
        late: true,
        override_reason: true,
    };
    let specialist = agency(StaffRole::Specialist);
    assert_eq!(
        apply(&route, &s, specialist, Action::Decide, late),
        Err(WorkflowError::LateWithoutApology)
    );
    // A specialist's reason is not an override; the head's is.
    assert_eq!(
        apply(&route, &s, specialist, Action::Decide, late_override),
        Err(WorkflowError::LateWithoutApology)
    );
    let done = apply(
        &route,
        &s,
        agency(StaffRole::HeadOfAgency),
        Action::Decide,
        late_override,
    );
    assert_eq!(done.unwrap().status, S::Decided);
    assert!(apply(&route, &s, specialist, Action::Decide, Facts::default()).is_ok());
}

#[test]
fn spec_3_stop_at_the_applicants_request_only_while_no_decision_is_issued() {
    // SPEC §3, Decree 118 Art. 21.
    let route = routes().remove(1);
    let decided = run(
        &route,
        &[
            (desk(), Action::Receive),
            (desk(), Action::SendToProcessing),
            (agency(StaffRole::Specialist), Action::Decide),
        ],
    )
    .unwrap();
    let err = apply(&route, &decided, desk(), Action::Stop, Facts::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Không thể «Dừng xử lý theo đề nghị» khi hồ sơ đang ở trạng thái «Đã xử lý xong»"
    );
}

#[test]
fn issue_5_no_role_of_an_unrelated_unit_can_do_anything() {
    // Permission matrix: a unit that neither received, processes nor co-ordinates the
    // dossier is refused every action, in every state.
    for route in routes() {
        for st in states(&route) {
            for &role in StaffRole::ALL {
                let stranger = Actor::Staff {
                    role,
                    units: Units::default(),
                };
                assert!(
                    available(&route, &st, stranger).is_empty(),
                    "{role:?} {st:?}"
                );
            }
        }
    }
}

#[test]
fn issue_5_refusals_say_why_in_vietnamese() {
    let route = routes().remove(0);
    let s = run(
        &route,
        &[
            (desk(), Action::Receive),
            (desk(), Action::SendToProcessing),
        ],
    )
    .unwrap();
    let msg = |a: Actor, act: Action| {
        apply(&route, &s, a, act, Facts::default())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        msg(agency(StaffRole::Specialist), Action::Forward),
        "Bước hiện tại «Phân công» do «Lãnh đạo phòng» thực hiện"
    );
    assert_eq!(
        msg(Actor::Applicant, Action::Forward),
        "Vai trò «Người nộp hồ sơ» không được «Chuyển bước tiếp theo»"
    );
    assert_eq!(
        msg(agency(StaffRole::AgencyAdmin), Action::Forward),
        "Vai trò «Quản trị đơn vị» không được «Chuyển bước tiếp theo»"
    );
    assert_eq!(
        msg(desk(), Action::Assign),
        "Vai trò «Cán bộ một cửa» không được «Phân công»"
    );
    assert_eq!(
        msg(agency(StaffRole::HeadOfDivision), Action::SendBack),
        "Đây là bước đầu của quy trình xử lý: không có bước trước để trả lại"
    );
    let returned = Actor::Staff {
        role: StaffRole::OneStopOfficer,
        units: Units {
            processing: true,
            ..Units::default()
        },
    };
    assert_eq!(
        msg(returned, Action::Return),
        "Không thể «Trả kết quả» khi hồ sơ đang ở trạng thái «Đang xử lý»"
    );
}
