//! The ledger's storage against a reference model: thousands of generated histories of
//! transfers, reversals, limit changes and closings, posted by `seed_api::ledger::post` into a
//! real SQLite database (in memory), checked after every step. PostgreSQL is covered by the
//! concurrency tests. Each history runs in a transaction that is rolled back, so the database
//! is migrated once and every history starts from the same books.

use diesel::connection::{SimpleConnection, TransactionManager};
use diesel::prelude::*;
use proptest::prelude::*;
use seed_api::db::{self, DbConn};
use seed_api::ledger::{self, LedgerError, Transfer};
use seed_domain::Ts;
use seed_domain::ledger::{
    AccountLimits, TransferKind, TsRules, check_limits, check_reversible, check_transfer,
};

#[derive(Debug, Clone)]
enum Op {
    Transfer { from: usize, to: usize, amount: i64, kind: TransferKind },
    Reverse { pick: usize },
    SetLimits { account: usize, floor: i64, ceiling: i64 },
    Close { account: usize },
    Reopen { account: usize },
}

const ACCOUNTS: usize = 5; // issuance, fees, three members

fn op() -> impl Strategy<Value = Op> {
    let kind = prop::sample::select(vec![
        TransferKind::Service,
        TransferKind::Payment,
        TransferKind::Adjustment,
        TransferKind::AccountClosing,
    ]);
    prop_oneof![
        6 => (0..ACCOUNTS, 0..ACCOUNTS, -50i64..7000, kind).prop_map(|(from, to, amount, kind)| Op::Transfer { from, to, amount, kind }),
        2 => (0usize..64).prop_map(|pick| Op::Reverse { pick }),
        1 => (2..ACCOUNTS, -5000i64..=0, 100i64..30000).prop_map(|(account, floor, ceiling)| Op::SetLimits { account, floor, ceiling }),
        1 => (2..ACCOUNTS).prop_map(|account| Op::Close { account }),
        1 => (2..ACCOUNTS).prop_map(|account| Op::Reopen { account }),
    ]
}

struct Books {
    conn: DbConn,
    ids: Vec<String>,
}

fn books() -> Books {
    let mut conn = DbConn::establish(":memory:").unwrap();
    conn.batch_execute("PRAGMA foreign_keys = ON").unwrap();
    db::migrate(&mut conn).unwrap();
    seed_api::membership::ensure_association_accounts(&mut conn).unwrap();
    let mut ids = vec![
        db::account::find_association(&mut conn, seed_domain::ledger::AccountKind::Issuance)
            .unwrap()
            .unwrap()
            .id,
        db::account::find_association(&mut conn, seed_domain::ledger::AccountKind::Fees).unwrap().unwrap().id,
    ];
    for i in 0..3 {
        let m = seed_api::membership::add_member(
            &mut conn,
            &format!("m{i}@amt.example"),
            &format!("M{i}"),
            seed_domain::membership::Role::Member,
            seed_domain::membership::MemberStatus::Active,
            true,
        )
        .unwrap();
        ids.push(db::account::find_for_member(&mut conn, &m.id).unwrap().unwrap().id);
    }
    Books { conn, ids }
}

thread_local! {
    static BOOKS: std::cell::RefCell<Books> = std::cell::RefCell::new(books());
}

/// The stored balances, in the order of `ids`, in one query.
fn balances(conn: &mut DbConn, ids: &[String]) -> Vec<i64> {
    let rows = db::account::list_all(conn).unwrap();
    ids.iter().map(|id| rows.iter().find(|r| &r.id == id).map(|r| r.balance).unwrap_or_default()).collect()
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    BOOKS.with(|cell| {
        let mut guard = cell.borrow_mut();
        let Books { conn, ids } = &mut *guard;
        let rules = TsRules::default();
        <DbConn as Connection>::TransactionManager::begin_transaction(conn).unwrap();
        let outcome = (|| {
            let mut model = balances(conn, ids);
            // (index of from, index of to, amount, kind, id, reversed)
            let mut posted: Vec<(usize, usize, i64, TransferKind, String, bool)> = Vec::new();
            for op in ops {
                match op {
                    Op::Transfer { from, to, amount, kind } => {
                        let t = Transfer {
                            kind: *kind,
                            from: ids[*from].clone(),
                            to: ids[*to].clone(),
                            amount: Ts::from_hundredths(*amount),
                            initiated_by: None,
                            exchange_id: None,
                            memo: "model".into(),
                            reverses: None,
                        };
                        // What the reference expects: the rules on the model's balances and the
                        // stored limits, kinds and closings.
                        let reference = |i: usize, conn: &mut DbConn| {
                            let mut state =
                                ledger::state_of(&db::account::find(conn, &ids[i]).unwrap().unwrap());
                            state.balance = Ts::from_hundredths(model[i]);
                            state
                        };
                        let expected = check_transfer(
                            &reference(*from, conn),
                            &reference(*to, conn),
                            Ts::from_hundredths(*amount),
                            *kind,
                            rules.max_per_exchange,
                        )
                        .map(|_| ());
                        let outcome = ledger::post(conn, &t, &rules);
                        match &outcome {
                            Ok(_) => prop_assert_eq!(expected, Ok(())),
                            Err(LedgerError::Refused(r)) => prop_assert_eq!(expected, Err(*r)),
                            Err(_) => {}
                        }
                        match outcome {
                            Ok(row) => {
                                model[*from] -= amount;
                                model[*to] += amount;
                                posted.push((*from, *to, *amount, *kind, row.id, false));
                                let after = db::account::find(conn, &ids[*from]).unwrap().unwrap();
                                if let Some(floor) = after.floor {
                                    prop_assert!(after.balance >= floor);
                                }
                                let after = db::account::find(conn, &ids[*to]).unwrap().unwrap();
                                if let Some(ceiling) = after.ceiling {
                                    prop_assert!(after.balance <= ceiling);
                                }
                                if kind.capped_per_exchange() {
                                    prop_assert!(*amount <= rules.max_per_exchange.hundredths());
                                }
                            }
                            Err(LedgerError::Refused(_)) => {}
                            Err(e) => return Err(TestCaseError::fail(format!("storage error: {e}"))),
                        }
                    }
                    Op::Reverse { pick } => {
                        if posted.is_empty() {
                            continue;
                        }
                        let i = pick % posted.len();
                        let (from, to, amount, kind, id, reversed) = posted[i].clone();
                        if check_reversible(kind, reversed).is_err() {
                            continue;
                        }
                        let t = Transfer {
                            kind: TransferKind::Reversal,
                            from: ids[to].clone(),
                            to: ids[from].clone(),
                            amount: Ts::from_hundredths(amount),
                            initiated_by: None,
                            exchange_id: None,
                            memo: "correction".into(),
                            reverses: Some(id),
                        };
                        let before = balances(conn, ids);
                        let outcome = ledger::post(conn, &t, &rules);
                        if let Err(e) = &outcome
                            && !matches!(e, LedgerError::Refused(_))
                        {
                            return Err(TestCaseError::fail(format!("storage error: {e}")));
                        }
                        if let Ok(row) = outcome {
                            posted[i].5 = true;
                            model[from] += amount;
                            model[to] -= amount;
                            posted.push((to, from, amount, TransferKind::Reversal, row.id, false));
                            let after = balances(conn, ids);
                            prop_assert_eq!(
                                after[from],
                                before[from] + amount,
                                "a reversal restores exactly"
                            );
                            prop_assert_eq!(after[to], before[to] - amount);
                        }
                    }
                    Op::SetLimits { account, floor, ceiling } => {
                        // As the API does: the new limits must hold the balance already.
                        let limits = AccountLimits {
                            floor: Ts::from_hundredths(*floor),
                            ceiling: Ts::from_hundredths(*ceiling),
                        };
                        let row = db::account::find(conn, &ids[*account]).unwrap().unwrap();
                        if check_limits(&ledger::state_of(&row), &limits).is_ok() {
                            db::account::set_limits(conn, &ids[*account], *floor, *ceiling).map_err(|e| {
                                TestCaseError::fail(format!("limits within the balance refused: {e}"))
                            })?;
                        }
                    }
                    Op::Close { account } => {
                        db::account::set_closed(conn, &ids[*account], Some(chrono::Utc::now().naive_utc()))
                            .unwrap();
                    }
                    Op::Reopen { account } => {
                        db::account::set_closed(conn, &ids[*account], None).unwrap();
                    }
                }
                prop_assert_eq!(&balances(conn, ids), &model, "the stored balances follow the model");
            }
            let check = ledger::verify_books(conn).unwrap();
            prop_assert!(check.balanced, "{:?}", check);
            Ok(())
        })();
        <DbConn as Connection>::TransactionManager::rollback_transaction(conn).unwrap();
        outcome
    })
}

/// 10 000 random histories on SQLite. The PostgreSQL run of the suite skips them, saying so,
/// rather than running 10 000 empty cases: the storage code is the same, and the other tests
/// run it on PostgreSQL.
#[test]
fn stored_books_follow_the_model() {
    if crate::helpers::postgres_admin_url().is_some() {
        eprintln!("stored_books_follow_the_model: skipped on PostgreSQL (it runs on SQLite)");
        return;
    }
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(10_000));
    let outcome = runner.run(&prop::collection::vec(op(), 1..24), |ops| run(&ops));
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}
