//! Separation of duties: nobody acts as staff on what they are a party to, admins included.
//!
//! The exchange has the same rule in [`crate::exchange::Parties::actor`]: a staff member who
//! is the provider or the beneficiary acts there as that member, so they can neither settle
//! their own dispute nor evaluate their own service. Here it covers what staff do to the
//! books: limits, adjustments, reversals. Staff may reverse their own adjustment of someone
//! else (they are not a party to it: it moved TS between the association and that member).
//! And staff do not act over those who oversee them: a large adjustment (made or reversed)
//! and unlinking an admin's Google account need an admin.

use crate::ledger::TransferKind;
use crate::membership::Role;
use crate::{NotAllowedReason, Ts};

/// What staff do to the books, with whom it touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAct<'a> {
    /// Set the limits of the account of `holder`.
    SetLimits { holder: Option<&'a str> },
    /// Move `amount` (positive or negative) between the association and `holder`'s account;
    /// more than `admin_above` either way needs an admin (a rule setting).
    Adjust { holder: Option<&'a str>, amount: Ts, admin_above: Ts },
    /// Reverse a transfer of `kind` and `amount` between the accounts of `payer` and `payee`
    /// (`None` for the association's accounts); undoing an adjustment larger than
    /// `admin_above` is as large an adjustment.
    Reverse {
        payer: Option<&'a str>,
        payee: Option<&'a str>,
        kind: TransferKind,
        amount: Ts,
        admin_above: Ts,
    },
    /// Unlink the Google account of a member of `target_role`.
    UnlinkGoogle { target_role: Role },
}

fn over(amount: Ts, limit: Ts) -> bool {
    amount.hundredths().checked_abs().is_none_or(|a| a > limit.hundredths())
}

/// Whether `caller` (a member id) may do `act` when acting with `role` (which already
/// includes staff; from a token, the role its scopes allow).
pub fn check_staff_act(caller: &str, role: Role, act: StaffAct<'_>) -> Result<(), NotAllowedReason> {
    let mine = |holder: Option<&str>| holder == Some(caller);
    let admin = role == Role::Admin;
    match act {
        StaffAct::SetLimits { holder } if mine(holder) => Err(NotAllowedReason::OwnAccount),
        StaffAct::Adjust { holder, .. } if mine(holder) => Err(NotAllowedReason::OwnAccount),
        StaffAct::Adjust { amount, admin_above, .. } if !admin && over(amount, admin_above) => {
            Err(NotAllowedReason::AdminNeeded)
        }
        StaffAct::Reverse { payer, payee, .. } if mine(payer) || mine(payee) => {
            Err(NotAllowedReason::PartyToTransfer)
        }
        StaffAct::Reverse { kind: TransferKind::Adjustment, amount, admin_above, .. }
            if !admin && over(amount, admin_above) =>
        {
            Err(NotAllowedReason::AdminNeeded)
        }
        StaffAct::UnlinkGoogle { target_role: Role::Admin } if !admin => Err(NotAllowedReason::AdminNeeded),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ME: &str = "me";
    const OTHER: &str = "other";
    const LIMIT: Ts = Ts::from_hundredths(2000);

    #[test]
    fn nobody_acts_as_staff_on_their_own_account_admins_included() {
        for role in [Role::Staff, Role::Admin] {
            assert_eq!(
                check_staff_act(ME, role, StaffAct::SetLimits { holder: Some(ME) }),
                Err(NotAllowedReason::OwnAccount)
            );
            assert_eq!(check_staff_act(ME, role, StaffAct::SetLimits { holder: Some(OTHER) }), Ok(()));
            let own =
                StaffAct::Adjust { holder: Some(ME), amount: Ts::from_hundredths(100), admin_above: LIMIT };
            assert_eq!(check_staff_act(ME, role, own), Err(NotAllowedReason::OwnAccount));
            for (payer, payee) in [(Some(ME), Some(OTHER)), (Some(OTHER), Some(ME)), (None, Some(ME))] {
                assert_eq!(
                    check_staff_act(ME, role, reverse(payer, payee, TransferKind::Payment, 100)),
                    Err(NotAllowedReason::PartyToTransfer)
                );
            }
            // My adjustment of someone else moved TS between the association and them.
            assert_eq!(
                check_staff_act(ME, role, reverse(None, Some(OTHER), TransferKind::Adjustment, 100)),
                Ok(())
            );
        }
    }

    fn reverse<'a>(
        payer: Option<&'a str>,
        payee: Option<&'a str>,
        kind: TransferKind,
        amount: i64,
    ) -> StaffAct<'a> {
        StaffAct::Reverse { payer, payee, kind, amount: Ts::from_hundredths(amount), admin_above: LIMIT }
    }

    #[test]
    fn undoing_a_large_adjustment_and_unlinking_an_admin_need_an_admin() {
        let large = reverse(None, Some(OTHER), TransferKind::Adjustment, 2001);
        assert_eq!(check_staff_act(ME, Role::Staff, large), Err(NotAllowedReason::AdminNeeded));
        assert_eq!(check_staff_act(ME, Role::Admin, large), Ok(()));
        let payment = reverse(Some("a"), Some(OTHER), TransferKind::Payment, 5000);
        assert_eq!(check_staff_act(ME, Role::Staff, payment), Ok(()));
        let unlink_admin = StaffAct::UnlinkGoogle { target_role: Role::Admin };
        assert_eq!(check_staff_act(ME, Role::Staff, unlink_admin), Err(NotAllowedReason::AdminNeeded));
        assert_eq!(check_staff_act(ME, Role::Admin, unlink_admin), Ok(()));
        for target_role in [Role::Member, Role::Staff] {
            assert_eq!(check_staff_act(ME, Role::Staff, StaffAct::UnlinkGoogle { target_role }), Ok(()));
        }
    }

    #[test]
    fn a_large_adjustment_needs_an_admin() {
        for amount in [2000, -2000, 1, -1] {
            let act = StaffAct::Adjust {
                holder: Some(OTHER),
                amount: Ts::from_hundredths(amount),
                admin_above: LIMIT,
            };
            assert_eq!(check_staff_act(ME, Role::Staff, act), Ok(()), "{amount}");
        }
        for amount in [2001, -2001, i64::MAX, i64::MIN] {
            let act = StaffAct::Adjust {
                holder: Some(OTHER),
                amount: Ts::from_hundredths(amount),
                admin_above: LIMIT,
            };
            assert_eq!(check_staff_act(ME, Role::Staff, act), Err(NotAllowedReason::AdminNeeded), "{amount}");
            assert_eq!(check_staff_act(ME, Role::Admin, act), Ok(()), "{amount}");
        }
    }

    proptest! {
        /// Whatever the act and the figures, an act that touches the caller's own account is
        /// refused, and one that does not is refused only for its size.
        #[test]
        fn own_accounts_are_never_touched(
            amount in any::<i64>(),
            admin in any::<bool>(),
            sides in prop::collection::vec(prop::option::of(prop_oneof![Just(ME), Just(OTHER)]), 2),
            which in 0u8..3,
            adjustment in any::<bool>(),
        ) {
            let role = if admin { Role::Admin } else { Role::Staff };
            let amount = Ts::from_hundredths(amount);
            let act = match which {
                0 => StaffAct::SetLimits { holder: sides[0] },
                1 => StaffAct::Adjust { holder: sides[0], amount, admin_above: LIMIT },
                _ => StaffAct::Reverse {
                    payer: sides[0],
                    payee: sides[1],
                    kind: if adjustment { TransferKind::Adjustment } else { TransferKind::Payment },
                    amount,
                    admin_above: LIMIT,
                },
            };
            let touches_mine = match act {
                StaffAct::Reverse { payer, payee, .. } => payer == Some(ME) || payee == Some(ME),
                StaffAct::SetLimits { holder } | StaffAct::Adjust { holder, .. } => holder == Some(ME),
                StaffAct::UnlinkGoogle { .. } => false,
            };
            let outcome = check_staff_act(ME, role, act);
            if touches_mine {
                prop_assert!(matches!(outcome, Err(NotAllowedReason::OwnAccount | NotAllowedReason::PartyToTransfer)));
            } else {
                prop_assert!(matches!(outcome, Ok(()) | Err(NotAllowedReason::AdminNeeded)));
            }
        }
    }
}
