use super::*;
use ApplicationAction as A;
use ApplicationActor::{Applicant, Staff};
use ApplicationState as S;
use proptest::prelude::*;

fn refuse(reason: &str) -> ApplicationAction {
    A::Refuse { reason: reason.to_owned() }
}

#[test]
fn the_usual_path_goes_through_the_interview() {
    let mut state = S::Unconfirmed;
    for (action, actor) in [
        (A::Confirm { year_full: false }, Applicant),
        (A::ScheduleInterview, Staff),
        (A::RescheduleInterview, Staff),
        (A::RecordInterview, Staff),
        (A::Accept, Staff),
    ] {
        state = transition(state, &action, actor).unwrap();
    }
    assert_eq!(state, S::Accepted);
}

#[test]
fn nobody_is_accepted_without_an_interview_nor_twice() {
    for state in [S::Unconfirmed, S::Received, S::Waiting, S::InterviewScheduled, S::Accepted] {
        assert_eq!(transition(state, &A::Accept, Staff), Err(ApplicationRefusal::WrongState), "{state}");
    }
}

#[test]
fn a_full_year_puts_the_applicant_on_the_waiting_list() {
    assert_eq!(transition(S::Unconfirmed, &A::Confirm { year_full: true }, Applicant), Ok(S::Waiting));
    let first = A::OfferPlace { first_in_line: true, reason: None };
    assert_eq!(transition(S::Waiting, &first, Staff), Ok(S::Received));
}

#[test]
fn skipping_the_first_in_line_or_refusing_needs_a_reason() {
    let skip =
        |reason: Option<&str>| A::OfferPlace { first_in_line: false, reason: reason.map(str::to_owned) };
    assert_eq!(transition(S::Waiting, &skip(None), Staff), Err(ApplicationRefusal::ReasonRequired));
    assert_eq!(transition(S::Waiting, &skip(Some("  ")), Staff), Err(ApplicationRefusal::ReasonRequired));
    assert_eq!(transition(S::Waiting, &skip(Some("a déménagé")), Staff), Ok(S::Received));
    assert_eq!(transition(S::Interviewed, &refuse(" "), Staff), Err(ApplicationRefusal::ReasonRequired));
    assert_eq!(transition(S::Interviewed, &refuse("hors du territoire"), Staff), Ok(S::Refused));
    let problem = ApplicationRefusal::ReasonRequired.problem();
    assert_eq!((problem.code, problem.errors[0].field.as_str()), (ErrorCode::ValidationFailed, "reason"));
}

#[test]
fn a_missed_or_cancelled_interview_is_scheduled_again() {
    assert_eq!(transition(S::InterviewScheduled, &A::NoShow, Staff), Ok(S::Received));
    assert_eq!(transition(S::InterviewScheduled, &A::CancelInterview, Staff), Ok(S::Received));
}

#[test]
fn the_applicant_confirms_and_withdraws_and_staff_do_the_rest() {
    assert_eq!(
        transition(S::Unconfirmed, &A::Confirm { year_full: false }, Staff),
        Err(ApplicationRefusal::NotYourTurn)
    );
    assert_eq!(transition(S::Received, &A::Withdraw, Staff), Err(ApplicationRefusal::NotYourTurn));
    assert_eq!(
        transition(S::Received, &A::ScheduleInterview, Applicant),
        Err(ApplicationRefusal::NotYourTurn)
    );
    assert_eq!(transition(S::Interviewed, &A::Accept, Applicant), Err(ApplicationRefusal::NotYourTurn));
}

fn any_state() -> impl Strategy<Value = ApplicationState> {
    proptest::sample::select(ApplicationState::ALL.to_vec())
}

fn any_action() -> impl Strategy<Value = ApplicationAction> {
    let reason = proptest::option::of(prop_oneof![Just(String::new()), Just("une raison".to_owned())]);
    prop_oneof![
        any::<bool>().prop_map(|year_full| A::Confirm { year_full }),
        (any::<bool>(), reason.clone())
            .prop_map(|(first_in_line, reason)| A::OfferPlace { first_in_line, reason }),
        Just(A::ScheduleInterview),
        Just(A::RescheduleInterview),
        Just(A::CancelInterview),
        Just(A::NoShow),
        Just(A::RecordInterview),
        Just(A::Accept),
        reason.prop_map(|r| A::Refuse { reason: r.unwrap_or_default() }),
        Just(A::Withdraw),
    ]
}

fn any_actor() -> impl Strategy<Value = ApplicationActor> {
    prop_oneof![Just(Applicant), Just(Staff)]
}

proptest! {
    /// Final states stay final, and a refused action changes nothing (the caller keeps the
    /// state it had).
    #[test]
    fn final_states_never_change(state in any_state(), action in any_action(), actor in any_actor()) {
        if state.is_final() {
            prop_assert!(transition(state, &action, actor).is_err());
        }
    }

    /// Whatever the sequence of actions, `accepted` is only ever reached right after
    /// `interviewed`, and only by staff.
    #[test]
    fn acceptance_always_follows_an_interview(
        steps in proptest::collection::vec((any_action(), any_actor()), 0..40),
    ) {
        let mut state = S::Unconfirmed;
        for (action, actor) in steps {
            if let Ok(next) = transition(state, &action, actor) {
                if next == S::Accepted {
                    prop_assert_eq!(state, S::Interviewed);
                    prop_assert_eq!(actor, Staff);
                }
                state = next;
            }
        }
    }
}
