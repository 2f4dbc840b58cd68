//! The exchange's state machine, its notices, and its requests, unit and property tests.

use super::*;
use crate::ledger::TsRules;
use ExchangeState as S;
use proptest::prelude::*;
use proptest::test_runner::TestError;

#[test]
fn each_step_tells_the_other_side_and_staff_steps_tell_both() {
    use NotificationKind as N;
    let p = Parties { requester_id: "ben", provider_id: "pro", beneficiary_id: "ben" };
    let accept = Action::Accept { minutes: 60, proposed: Some(60) };
    assert_eq!(notices(p, S::Accepted, accept, Some("pro")), [("ben", N::RequestAccepted)]);
    assert_eq!(notices(p, S::AwaitingAgreement, accept, Some("pro")), [("ben", N::AgreementToGive)]);
    assert_eq!(notices(p, S::Accepted, Action::Agree, Some("ben")), [("pro", N::DurationAgreed)]);
    assert_eq!(notices(p, S::Declined, Action::Decline, Some("ben")), [("pro", N::RequestDeclined)]);
    assert_eq!(notices(p, S::Declined, Action::Decline, Some("pro")), [("ben", N::RequestDeclined)]);
    assert_eq!(notices(p, S::Cancelled, Action::Cancel, Some("pro")), [("ben", N::ExchangeCancelled)]);
    assert_eq!(notices(p, S::Disputed, Action::Dispute, Some("ben")), [("pro", N::DisputeOpened)]);
    assert_eq!(
        notices(p, S::Confirmed, Action::AutoConfirm, None),
        [("pro", N::ExchangeConfirmed), ("ben", N::EvaluationToGive)]
    );
    assert_eq!(
        notices(p, S::Cancelled, Action::SettleCancel, Some("staff")),
        [("pro", N::DisputeSettled), ("ben", N::DisputeSettled)]
    );
    assert!(notices(p, S::Evaluated, Action::Evaluate, Some("ben")).is_empty());
}

/// Answering an offer: the requester is the beneficiary.
const OFFER: bool = false;

fn beneficiary() -> Actor {
    Actor::requester(OFFER)
}

fn provider() -> Actor {
    Actor::responder(OFFER)
}

/// Every actor the machine can be handed, consistent or not.
fn all_actors() -> Vec<Actor> {
    let parties = [Party::Requester, Party::Responder, Party::Staff, Party::Scheduler];
    let mut actors = Vec::new();
    for party in parties {
        for (is_provider, is_beneficiary) in [(false, false), (true, false), (false, true), (true, true)] {
            actors.push(Actor { party, is_provider, is_beneficiary });
        }
    }
    actors
}

/// The action of `kind` with valid figures; `None` for `request`, which is no transition.
fn with_valid_figures(kind: ActionKind) -> Option<Action> {
    Some(match kind {
        ActionKind::Request => return None,
        ActionKind::Accept => Action::Accept { minutes: 180, proposed: Some(180) },
        ActionKind::Agree => Action::Agree,
        ActionKind::Decline => Action::Decline,
        ActionKind::Cancel => Action::Cancel,
        ActionKind::Deliver => Action::Deliver,
        ActionKind::Confirm => Action::Confirm,
        ActionKind::Dispute => Action::Dispute,
        ActionKind::Evaluate => Action::Evaluate,
        ActionKind::SettleConfirm => Action::SettleConfirm,
        ActionKind::SettleAdjust => Action::SettleAdjust { amount: Ts::from_hundredths(250) },
        ActionKind::SettleCancel => Action::SettleCancel,
        ActionKind::AutoConfirm => Action::AutoConfirm,
        ActionKind::AccountClosed => Action::AccountClosed,
    })
}

fn run(steps: &[(Action, Actor)]) -> Result<ExchangeState, ExchangeRefusal> {
    steps.iter().try_fold(S::Requested, |state, &(action, actor)| Ok(transition(state, action, actor)?.to))
}

#[test]
fn names_round_trip_and_match_serde() -> Result<(), serde_json::Error> {
    for s in ExchangeState::ALL {
        assert_eq!(ExchangeState::parse(s.as_str()), Some(s));
        assert_eq!(serde_json::to_string(&s)?, format!("\"{}\"", s.as_str()));
    }
    for k in ActionKind::ALL {
        assert_eq!(ActionKind::parse(k.as_str()), Some(k));
        assert_eq!(serde_json::to_string(&k)?, format!("\"{}\"", k.as_str()));
    }
    for r in ExchangeRefusal::ALL {
        assert_eq!(serde_json::to_string(&r)?, format!("\"{}\"", r.as_str()));
    }
    assert_eq!(ExchangeState::parse("paid"), None);
    Ok(())
}

#[test]
fn the_happy_path_answering_an_offer() {
    let accept = transition(S::Requested, Action::Accept { minutes: 180, proposed: Some(180) }, provider());
    assert_eq!(accept, Ok(Step { to: S::Accepted, posts_transfer: false, amount_override: None }));
    assert_eq!(transition(S::Accepted, Action::Deliver, provider()).map(|s| s.to), Ok(S::Delivered));
    let confirm = transition(S::Delivered, Action::Confirm, beneficiary());
    assert_eq!(confirm, Ok(Step { to: S::Confirmed, posts_transfer: true, amount_override: None }));
    assert_eq!(transition(S::Confirmed, Action::Evaluate, beneficiary()).map(|s| s.to), Ok(S::Evaluated));
}

#[test]
fn the_happy_path_answering_a_want() {
    let (provider, beneficiary) = (Actor::requester(true), Actor::responder(true));
    assert_eq!(
        run(&[
            (Action::Accept { minutes: 60, proposed: Some(90) }, beneficiary),
            (Action::Deliver, provider),
            (Action::Confirm, beneficiary),
            (Action::Evaluate, Actor::STAFF),
        ]),
        Ok(S::Evaluated)
    );
}

#[test]
fn a_provider_who_changes_the_duration_waits_for_the_member_served() {
    for proposed in [Some(120), None] {
        let accept = Action::Accept { minutes: 180, proposed };
        let step = transition(S::Requested, accept, provider());
        assert_eq!(step.map(|s| s.to), Ok(S::AwaitingAgreement), "{proposed:?}");
    }
    // Only the member served agrees or declines; either member may still cancel.
    assert_eq!(transition(S::AwaitingAgreement, Action::Agree, beneficiary()).map(|s| s.to), Ok(S::Accepted));
    assert_eq!(
        transition(S::AwaitingAgreement, Action::Decline, beneficiary()).map(|s| s.to),
        Ok(S::Declined)
    );
    for actor in [provider(), Actor::STAFF, Actor::SCHEDULER] {
        for action in [Action::Agree, Action::Decline] {
            assert_eq!(transition(S::AwaitingAgreement, action, actor), Err(ExchangeRefusal::NotYourTurn));
        }
    }
    for member in [provider(), beneficiary()] {
        assert_eq!(transition(S::AwaitingAgreement, Action::Cancel, member).map(|s| s.to), Ok(S::Cancelled));
    }
    assert_eq!(
        next_actions(S::AwaitingAgreement, beneficiary()),
        [ActionKind::Agree, ActionKind::Decline, ActionKind::Cancel]
    );
    assert_eq!(next_actions(S::AwaitingAgreement, provider()), [ActionKind::Cancel]);
    // Nothing is delivered or paid before the member served agrees.
    for action in [Action::Deliver, Action::Confirm, Action::AutoConfirm, Action::Dispute] {
        for actor in all_actors() {
            assert!(transition(S::AwaitingAgreement, action, actor).is_err(), "{action:?} {actor:?}");
        }
    }
    // The member served who answers a want sets what they pay: no agreement to wait for.
    let served_responder = Actor::responder(true);
    let accept = Action::Accept { minutes: 180, proposed: Some(60) };
    assert_eq!(transition(S::Requested, accept, served_responder).map(|s| s.to), Ok(S::Accepted));
    assert_eq!(transition(S::Requested, Action::Agree, beneficiary()), Err(ExchangeRefusal::WrongState));
}

#[test]
fn each_action_is_one_partys() {
    let refused = Err(ExchangeRefusal::NotYourTurn);
    let accept = Action::Accept { minutes: 180, proposed: Some(180) };
    assert_eq!(transition(S::Requested, accept, beneficiary()), refused);
    assert_eq!(transition(S::Requested, accept, Actor::STAFF), refused);
    assert_eq!(transition(S::Requested, Action::Decline, beneficiary()), refused);
    assert_eq!(transition(S::Requested, Action::Cancel, Actor::STAFF), refused);
    assert_eq!(transition(S::Accepted, Action::Deliver, beneficiary()), refused);
    assert_eq!(transition(S::Accepted, Action::Dispute, Actor::STAFF), refused);
    assert_eq!(transition(S::Delivered, Action::Confirm, provider()), refused);
    assert_eq!(transition(S::Delivered, Action::Confirm, Actor::STAFF), refused);
    assert_eq!(transition(S::Delivered, Action::Confirm, Actor::SCHEDULER), refused);
    assert_eq!(transition(S::Delivered, Action::AutoConfirm, beneficiary()), refused);
    assert_eq!(transition(S::Delivered, Action::AutoConfirm, Actor::STAFF), refused);
    assert_eq!(transition(S::Disputed, Action::SettleConfirm, beneficiary()), refused);
    assert_eq!(transition(S::Disputed, Action::SettleCancel, provider()), refused);
    assert_eq!(transition(S::Confirmed, Action::Evaluate, provider()), refused);
    assert_eq!(transition(S::Confirmed, Action::Evaluate, Actor::SCHEDULER), refused);
    // Flags count only for members: staff is never "the provider".
    let staff_flagged = Actor { party: Party::Staff, is_provider: true, is_beneficiary: true };
    assert_eq!(transition(S::Accepted, Action::Deliver, staff_flagged), refused);
    assert_eq!(transition(S::Delivered, Action::Confirm, staff_flagged), refused);
}

#[test]
fn either_member_cancels_before_delivery_and_disputes_after_acceptance() {
    for member in [beneficiary(), provider()] {
        for state in [S::Requested, S::AwaitingAgreement, S::Accepted] {
            assert_eq!(transition(state, Action::Cancel, member).map(|s| s.to), Ok(S::Cancelled));
        }
        assert_eq!(transition(S::Delivered, Action::Cancel, member), Err(ExchangeRefusal::WrongState));
        for state in [S::Accepted, S::Delivered] {
            assert_eq!(transition(state, Action::Dispute, member).map(|s| s.to), Ok(S::Disputed));
        }
        assert_eq!(transition(S::Requested, Action::Dispute, member), Err(ExchangeRefusal::WrongState));
        assert_eq!(transition(S::Confirmed, Action::Dispute, member), Err(ExchangeRefusal::WrongState));
    }
}

#[test]
fn staff_settle_disputes() {
    let confirm = transition(S::Disputed, Action::SettleConfirm, Actor::STAFF);
    assert_eq!(confirm, Ok(Step { to: S::Confirmed, posts_transfer: true, amount_override: None }));
    let amount = Ts::from_hundredths(250);
    let adjust = transition(S::Disputed, Action::SettleAdjust { amount }, Actor::STAFF);
    assert_eq!(adjust, Ok(Step { to: S::Confirmed, posts_transfer: true, amount_override: Some(amount) }));
    let cancel = transition(S::Disputed, Action::SettleCancel, Actor::STAFF);
    assert_eq!(cancel, Ok(Step { to: S::Cancelled, posts_transfer: false, amount_override: None }));
    for bad in [0, -1, -500] {
        let adjust = Action::SettleAdjust { amount: Ts::from_hundredths(bad) };
        assert_eq!(transition(S::Disputed, adjust, Actor::STAFF), Err(ExchangeRefusal::InvalidAmount));
    }
    assert_eq!(
        transition(S::Delivered, Action::SettleConfirm, Actor::STAFF),
        Err(ExchangeRefusal::WrongState)
    );
}

#[test]
fn the_scheduler_confirms_a_delivery_only() {
    let auto = transition(S::Delivered, Action::AutoConfirm, Actor::SCHEDULER);
    assert_eq!(auto, Ok(Step { to: S::Confirmed, posts_transfer: true, amount_override: None }));
    for state in ExchangeState::ALL.into_iter().filter(|s| *s != S::Delivered) {
        assert_eq!(
            transition(state, Action::AutoConfirm, Actor::SCHEDULER),
            Err(ExchangeRefusal::WrongState)
        );
        let only_closing =
            next_actions(state, Actor::SCHEDULER).into_iter().all(|k| k == ActionKind::AccountClosed);
        assert!(only_closing, "{state:?}");
    }
}

#[test]
fn a_closed_account_cancels_what_is_under_way_and_pays_nothing() {
    for state in ExchangeState::ALL {
        let step = transition(state, Action::AccountClosed, Actor::SCHEDULER);
        match state {
            S::Requested | S::AwaitingAgreement | S::Accepted | S::Delivered | S::Disputed => {
                assert_eq!(step, Ok(Step { to: S::Cancelled, posts_transfer: false, amount_override: None }));
            }
            _ => assert_eq!(step, Err(ExchangeRefusal::WrongState), "{state:?}"),
        }
        // Only SEED itself closes: no member nor staff takes this step.
        for actor in all_actors().into_iter().filter(|a| a.party != Party::Scheduler) {
            assert!(transition(state, Action::AccountClosed, actor).is_err());
        }
    }
}

#[test]
fn the_duration_is_checked_on_acceptance() {
    for bad in [0, 10, 100, 6015] {
        let accept = Action::Accept { minutes: bad, proposed: Some(bad) };
        assert_eq!(transition(S::Requested, accept, provider()), Err(ExchangeRefusal::InvalidMinutes));
    }
    // The state and the party are checked before the figures.
    let bad = Action::Accept { minutes: 0, proposed: Some(0) };
    assert_eq!(transition(S::Accepted, bad, provider()), Err(ExchangeRefusal::WrongState));
    assert_eq!(transition(S::Requested, bad, beneficiary()), Err(ExchangeRefusal::NotYourTurn));
}

#[test]
fn final_states_refuse_everything() {
    for state in ExchangeState::ALL.into_iter().filter(|s| s.is_final()) {
        for actor in all_actors() {
            assert!(next_actions(state, actor).is_empty());
            for action in ActionKind::ALL.into_iter().filter_map(with_valid_figures) {
                assert_eq!(transition(state, action, actor), Err(ExchangeRefusal::WrongState));
            }
        }
    }
    assert_eq!(
        run(&[
            (Action::Accept { minutes: 180, proposed: Some(180) }, provider()),
            (Action::Deliver, provider()),
            (Action::Confirm, beneficiary()),
            (Action::Evaluate, beneficiary()),
            (Action::Evaluate, Actor::STAFF),
        ]),
        Err(ExchangeRefusal::WrongState)
    );
}

#[test]
fn next_actions_are_exactly_the_accepted_ones() {
    for state in ExchangeState::ALL {
        for actor in all_actors() {
            let listed = next_actions(state, actor);
            assert!(!listed.contains(&ActionKind::Request));
            for kind in ActionKind::ALL {
                let Some(action) = with_valid_figures(kind) else { continue };
                let accepted = transition(state, action, actor).is_ok();
                assert_eq!(listed.contains(&kind), accepted, "{state:?} {kind:?} {actor:?}");
            }
        }
    }
    assert_eq!(
        next_actions(S::Requested, provider()),
        [ActionKind::Accept, ActionKind::Decline, ActionKind::Cancel]
    );
    assert_eq!(next_actions(S::Requested, beneficiary()), [ActionKind::Cancel]);
    assert_eq!(next_actions(S::Delivered, beneficiary()), [ActionKind::Confirm, ActionKind::Dispute]);
    assert_eq!(
        next_actions(S::Disputed, Actor::STAFF),
        [ActionKind::SettleConfirm, ActionKind::SettleAdjust, ActionKind::SettleCancel]
    );
}

#[test]
fn every_state_is_reachable() {
    let mut reached = vec![S::Requested];
    let mut frontier = vec![S::Requested];
    while let Some(state) = frontier.pop() {
        for actor in all_actors() {
            // An acceptance with another duration than asked leads elsewhere.
            let another_duration = Action::Accept { minutes: 180, proposed: None };
            for action in ActionKind::ALL.into_iter().filter_map(with_valid_figures).chain([another_duration])
            {
                if let Ok(step) = transition(state, action, actor)
                    && !reached.contains(&step.to)
                {
                    reached.push(step.to);
                    frontier.push(step.to);
                }
            }
        }
    }
    assert_eq!(reached.len(), ExchangeState::ALL.len());
}

#[test]
fn parties_tell_who_acts() {
    let parties = Parties { requester_id: "ben", provider_id: "pro", beneficiary_id: "ben" };
    assert_eq!(parties.actor("ben", false), Some(Actor::requester(false)));
    assert_eq!(parties.actor("pro", false), Some(Actor::responder(false)));
    assert_eq!(parties.actor("staff", true), Some(Actor::STAFF));
    assert_eq!(parties.actor("someone", false), None);
    // A staff member who gave the service acts as the provider: no settling their own case.
    let staff_provider = parties.actor("pro", true);
    assert_eq!(staff_provider, Some(Actor::responder(false)));
    if let Some(actor) = staff_provider {
        assert_eq!(transition(S::Disputed, Action::SettleConfirm, actor), Err(ExchangeRefusal::NotYourTurn));
        assert_eq!(transition(S::Confirmed, Action::Evaluate, actor), Err(ExchangeRefusal::NotYourTurn));
    }
    let want = Parties { requester_id: "pro", provider_id: "pro", beneficiary_id: "ben" };
    assert_eq!(want.actor("pro", false), Some(Actor::requester(true)));
    assert_eq!(want.actor("ben", false), Some(Actor::responder(true)));
    assert!(requester_is_provider(ListingKind::Want));
    assert!(!requester_is_provider(ListingKind::Offer));
}

#[test]
fn refusals_map_to_their_answers() {
    for refusal in [ExchangeRefusal::NotYourTurn, ExchangeRefusal::WrongState] {
        assert_eq!(refusal.problem().code.as_str(), refusal.as_str());
    }
    assert_eq!(ExchangeRefusal::NotYourTurn.problem().status, 403);
    assert_eq!(ExchangeRefusal::WrongState.problem().status, 409);
    let invalid = ExchangeRefusal::InvalidMinutes.problem();
    assert_eq!(invalid.status, 422);
    assert_eq!(invalid.errors, [FieldError::new("minutes", "invalid_minutes")]);
    assert_eq!(ExchangeRefusal::InvalidAmount.problem().errors[0].field, "amount");
}

#[test]
fn amounts_are_pro_rata_of_5_ts_for_3_hours() {
    let rules =
        TsRules { service_rate: DEFAULT_RATE, service_minutes: DEFAULT_RATE_MINUTES, ..TsRules::default() };
    let amount = |m| rules.service_cost(m);
    assert_eq!(amount(180), Some(Ts::from_hundredths(500)));
    assert_eq!(amount(60), Some(Ts::from_hundredths(167)));
    assert_eq!(amount(90), Some(Ts::from_hundredths(250)));
    assert_eq!(amount(15), Some(Ts::from_hundredths(42)));
    assert_eq!(amount(6000), Some(Ts::from_hundredths(16_667)));
    assert_eq!(TsRules { service_minutes: 0, ..rules }.service_cost(60), None);
}

#[test]
fn request_bodies_are_checked() {
    let ok = NewExchange { listing_id: "l1".into(), message: String::new(), minutes: None };
    assert_eq!(ok.validate(), []);
    let bad = NewExchange {
        listing_id: " ".into(),
        message: "é".repeat(MESSAGE_MAX as usize + 1),
        minutes: Some(20),
    };
    let fields: Vec<_> = bad.validate().into_iter().map(|e| (e.field, e.code)).collect();
    assert_eq!(
        fields,
        [
            ("listing_id".into(), "required".into()),
            ("message".into(), "too_long".into()),
            ("minutes".into(), "not_a_multiple".into())
        ]
    );
    assert_eq!(AcceptExchange { minutes: 165 }.validate(), []);
    assert_eq!(AcceptExchange { minutes: 0 }.validate()[0].code, "out_of_range");
    assert_eq!(DisputeExchange { reason: "Pas venu".into() }.validate(), []);
    assert_eq!(DisputeExchange { reason: "".into() }.validate()[0].code, "required");
    assert_eq!(
        DisputeExchange { reason: "x".repeat(REASON_MAX as usize + 1) }.validate()[0].code,
        "too_long"
    );
    let settle = SettleExchange { amount: Some(Ts::from_hundredths(100)), note: "Moitié faite".into() };
    assert_eq!(settle.validate(), []);
    assert_eq!(SettleExchange { amount: None, note: "Accord".into() }.validate(), []);
    let settle = SettleExchange { amount: Some(Ts::ZERO), note: " ".into() };
    let codes: Vec<_> = settle.validate().into_iter().map(|e| e.code).collect();
    assert_eq!(codes, ["must_be_positive", "required"]);
}

#[test]
fn evaluations_are_one_to_five_with_an_optional_comment() {
    for rating in 1..=5 {
        assert_eq!(NewEvaluation { rating, comment: String::new() }.validate(), []);
    }
    for rating in [0, 6, u8::MAX] {
        assert_eq!(NewEvaluation { rating, comment: String::new() }.validate()[0].code, "out_of_range");
    }
    let long = NewEvaluation { rating: 4, comment: "é".repeat(COMMENT_MAX as usize + 1) };
    assert_eq!(long.validate()[0].code, "too_long");
    assert_eq!(NewEvaluation { rating: 4, comment: "é".repeat(COMMENT_MAX as usize) }.validate(), []);
}

#[test]
fn bodies_deserialise_with_their_defaults() -> Result<(), serde_json::Error> {
    let body: NewExchange = serde_json::from_str(r#"{"listing_id":"l1"}"#)?;
    assert_eq!(body, NewExchange { listing_id: "l1".into(), message: String::new(), minutes: None });
    let settle: SettleExchange = serde_json::from_str(r#"{"amount":250,"note":"ok"}"#)?;
    assert_eq!(settle.amount, Some(Ts::from_hundredths(250)));
    assert!(serde_json::from_str::<SettleExchange>(r#"{"amount":2.5,"note":"ok"}"#).is_err());
    assert!(serde_json::from_str::<AcceptExchange>(r#"{"minutes":60,"amount":1}"#).is_err());
    Ok(())
}

/// One random step: whether to take one of the moves the machine accepts now (to get deep
/// into it) or any move at all (to hit its refusals), and the numbers that choose the move.
type RawStep = (bool, u8, u8, u16);

fn decode_action(raw: u8, figure: u16) -> Action {
    // Mostly valid figures, a quarter of the time anything.
    let wild = figure.is_multiple_of(4);
    let minutes = if wild { u32::from(figure) % 7000 } else { 15 * (1 + u32::from(figure) % 400) };
    let amount =
        Ts::from_hundredths(if wild { i64::from(figure % 1500) - 500 } else { 1 + i64::from(figure) });
    // The duration asked for: the same, another, or none.
    let proposed = match figure / 4 % 3 {
        0 => Some(minutes),
        1 => Some(minutes + 15),
        _ => None,
    };
    match raw % 12 {
        0 => Action::Accept { minutes, proposed },
        1 => Action::Decline,
        2 => Action::Cancel,
        3 => Action::Deliver,
        4 => Action::Confirm,
        5 => Action::Dispute,
        6 => Action::Evaluate,
        7 => Action::SettleConfirm,
        8 => Action::SettleAdjust { amount },
        9 => Action::SettleCancel,
        10 => Action::Agree,
        _ => Action::AutoConfirm,
    }
}

/// Mostly the four actors of an exchange where the requester is (or not) the provider, now
/// and then any actor at all.
fn decode_actor(raw: u8, requester_is_provider: bool) -> Actor {
    match raw % 8 {
        0 | 1 => Actor::requester(requester_is_provider),
        2 | 3 => Actor::responder(requester_is_provider),
        4 => Actor::STAFF,
        5 => Actor::SCHEDULER,
        _ => Actor {
            party: [Party::Requester, Party::Responder, Party::Staff, Party::Scheduler]
                [usize::from(raw / 8 % 4)],
            is_provider: raw & 0x20 != 0,
            is_beneficiary: raw & 0x40 != 0,
        },
    }
}

fn decode(state: ExchangeState, (guided, a, b, figure): RawStep, rip: bool) -> (Action, Actor) {
    if guided {
        // A kind of move first, then who makes it, so that "cancel", which many actors may
        // take, is not picked more often than "deliver".
        let moves = |k: u8| {
            let action = decode_action(k, 1 + 4 * (figure / 4));
            all_actors()
                .into_iter()
                .filter(move |&actor| transition(state, action, actor).is_ok())
                .map(move |actor| (action, actor))
        };
        let kinds: Vec<u8> = (0..12).filter(|&k| moves(k).next().is_some()).collect();
        if !kinds.is_empty() {
            let chosen: Vec<_> = moves(kinds[usize::from(a) % kinds.len()]).collect();
            return chosen[usize::from(b) % chosen.len()];
        }
    }
    (decode_action(a, figure), decode_actor(b, rip))
}

/// Plays one sequence from `requested` and checks the rules at every step; returns the
/// states it went through.
fn play(rip: bool, raw: &[RawStep]) -> Result<Vec<ExchangeState>, TestCaseError> {
    let mut state = S::Requested;
    let mut path = vec![state];
    let mut transfers = 0;
    for &step in raw {
        let (action, actor) = decode(state, step, rip);
        let before = state;
        match transition(before, action, actor) {
            Ok(step) => {
                prop_assert!(!before.is_final(), "left the final {:?}", before);
                prop_assert!(next_actions(before, actor).contains(&action.kind()));
                prop_assert_eq!(step.posts_transfer, step.to == S::Confirmed);
                prop_assert_eq!(
                    step.amount_override.is_some(),
                    matches!(action, Action::SettleAdjust { .. })
                );
                if step.to == S::Confirmed {
                    prop_assert!(matches!(before, S::Delivered | S::Disputed));
                    prop_assert!(path.iter().any(|s| matches!(s, S::Delivered | S::Disputed)));
                }
                if step.to == S::Evaluated {
                    prop_assert_eq!(before, S::Confirmed);
                }
                // What the member served pays is never set by the provider alone.
                if let Action::Accept { minutes, proposed } = action
                    && actor.provides()
                {
                    prop_assert_eq!(step.to == S::Accepted, proposed == Some(minutes));
                }
                if step.to == S::Accepted && before == S::AwaitingAgreement {
                    prop_assert!(actor.is_served());
                }
                if step.to == S::AwaitingAgreement {
                    prop_assert_eq!(before, S::Requested);
                }
                transfers += usize::from(step.posts_transfer);
                prop_assert!(transfers <= 1, "paid twice: {:?}", path);
                state = step.to;
                path.push(state);
            }
            Err(refusal) => {
                prop_assert!(
                    !next_actions(before, actor).contains(&action.kind()) || refusal_is_a_figure(refusal)
                );
                if before.is_final() {
                    prop_assert_eq!(refusal, ExchangeRefusal::WrongState);
                }
            }
        }
    }
    Ok(path)
}

fn refusal_is_a_figure(refusal: ExchangeRefusal) -> bool {
    matches!(refusal, ExchangeRefusal::InvalidMinutes | ExchangeRefusal::InvalidAmount)
}

/// 10 000 random sequences keep the rules, and between them they go through every state
/// (so the rules were checked deep in the machine, not only at its start).
#[test]
fn random_sequences_keep_the_rules() -> Result<(), TestError<(bool, Vec<RawStep>)>> {
    use proptest::test_runner::TestRunner;
    use std::cell::RefCell;
    let strategy = (any::<bool>(), proptest::collection::vec(any::<RawStep>(), 0..12));
    let reached = RefCell::new([0u32; 9]);
    let mut runner = TestRunner::new(ProptestConfig::with_cases(10_000));
    runner.run(&strategy, |(rip, raw)| {
        let path = play(rip, &raw)?;
        for (count, state) in reached.borrow_mut().iter_mut().zip(ExchangeState::ALL) {
            *count += u32::from(path.contains(&state));
        }
        Ok(())
    })?;
    let reached = reached.into_inner();
    for (state, count) in ExchangeState::ALL.into_iter().zip(reached) {
        // About 9 % of the sequences pay, 6 % get evaluated: far above these floors.
        let least = if state == S::Confirmed { 500 } else { 100 };
        assert!(count >= least, "{state:?} reached by only {count} sequences ({reached:?})");
    }
    Ok(())
}

#[test]
fn each_member_sees_their_side_and_the_other_member() {
    let view = ExchangeView {
        id: "x".into(),
        listing_id: None,
        title: "Relecture".into(),
        state: ExchangeState::Requested,
        provider_id: "p".into(),
        provider_name: "Camille".into(),
        beneficiary_id: "b".into(),
        beneficiary_name: "Sami".into(),
        requester_id: "b".into(),
        minutes: Some(60),
        amount: None,
        created_at: String::new(),
        updated_at: String::new(),
        delivered_at: None,
        auto_confirm_at: None,
        next_actions: Vec::new(),
        timeline: Vec::new(),
        evaluation: None,
    };
    assert_eq!(view.side_of(Some("p")), Side::Provider);
    assert_eq!(view.side_of(Some("b")), Side::Beneficiary);
    assert_eq!(view.side_of(Some("staff")), Side::Neither);
    assert_eq!(view.side_of(None), Side::Neither);
    assert_eq!(view.other_member(Side::Provider), ("b", "Sami"));
    assert_eq!(view.other_member(Side::Beneficiary), ("p", "Camille"));
}
