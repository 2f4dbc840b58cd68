//! Separation of duties: nobody acts as staff on what they are a party to, admins included.
//!
//! The exchange has the same rule in [`crate::exchange::Parties::actor`]: a staff member who
//! is the provider or the beneficiary acts there as that member, so they can neither settle
//! their own dispute nor evaluate their own service. Here it covers what staff do to the
//! books: limits, adjustments, reversals. Staff may reverse their own adjustment of someone
//! else (they are not a party to it: it moved TS between the association and that member).

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
    /// Reverse a transfer between the accounts of `payer` and `payee` (`None` for the
    /// association's accounts).
    Reverse { payer: Option<&'a str>, payee: Option<&'a str> },
}

/// Whether `caller` (a member id, with a role that already includes staff) may do `act`.
pub fn check_staff_act(caller: &str, role: Role, act: StaffAct<'_>) -> Result<(), NotAllowedReason> {
    let mine = |holder: Option<&str>| holder == Some(caller);
    match act {
        StaffAct::SetLimits { holder } if mine(holder) => Err(NotAllowedReason::OwnAccount),
        StaffAct::Adjust { holder, .. } if mine(holder) => Err(NotAllowedReason::OwnAccount),
        StaffAct::Adjust { amount, admin_above, .. }
            if role != Role::Admin
                && amount.hundredths().checked_abs().is_none_or(|a| a > admin_above.hundredths()) =>
        {
            Err(NotAllowedReason::AdminNeeded)
        }
        StaffAct::Reverse { payer, payee } if mine(payer) || mine(payee) => {
            Err(NotAllowedReason::PartyToTransfer)
        }
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
                    check_staff_act(ME, role, StaffAct::Reverse { payer, payee }),
                    Err(NotAllowedReason::PartyToTransfer)
                );
            }
            // My adjustment of someone else moved TS between the association and them.
            assert_eq!(
                check_staff_act(ME, role, StaffAct::Reverse { payer: None, payee: Some(OTHER) }),
                Ok(())
            );
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
        ) {
            let role = if admin { Role::Admin } else { Role::Staff };
            let amount = Ts::from_hundredths(amount);
            let act = match which {
                0 => StaffAct::SetLimits { holder: sides[0] },
                1 => StaffAct::Adjust { holder: sides[0], amount, admin_above: LIMIT },
                _ => StaffAct::Reverse { payer: sides[0], payee: sides[1] },
            };
            let touches_mine = match act {
                StaffAct::Reverse { payer, payee } => payer == Some(ME) || payee == Some(ME),
                StaffAct::SetLimits { holder } | StaffAct::Adjust { holder, .. } => holder == Some(ME),
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
