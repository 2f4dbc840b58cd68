//! The catalogue texts of the shared enums (roles, statuses, scopes, transfer and account
//! kinds, listings, exchanges, notifications and abuse signals).

use crate::i18n::{I18n, Key, k};
use seed_domain::abuse::SignalKind;
use seed_domain::auth::Scope;
use seed_domain::exchange::{ActionKind, ExchangeState};
use seed_domain::ledger::{AccountKind, TransferKind};
use seed_domain::listing::{ListingKind, ListingStatus};
use seed_domain::membership::{MemberStatus, Role};
use seed_domain::notification::NotificationKind;

pub const ROLES: [Role; 3] = [Role::Member, Role::Staff, Role::Admin];

pub fn role(role: Role) -> Key {
    match role {
        Role::Member => k::ROLE_MEMBER,
        Role::Staff => k::ROLE_STAFF,
        Role::Admin => k::ROLE_ADMIN,
    }
}

pub fn status(status: MemberStatus) -> Key {
    match status {
        MemberStatus::Pending => k::STATUS_PENDING,
        MemberStatus::Active => k::STATUS_ACTIVE,
        MemberStatus::Inactive => k::STATUS_INACTIVE,
    }
}

pub fn scope(scope: Scope) -> Key {
    match scope {
        Scope::Read => k::SCOPE_READ,
        Scope::Write => k::SCOPE_WRITE,
        Scope::Staff => k::SCOPE_STAFF,
        Scope::Admin => k::SCOPE_ADMIN,
    }
}

pub fn scope_hint(scope: Scope) -> Key {
    match scope {
        Scope::Read => k::SCOPE_READ_HINT,
        Scope::Write => k::SCOPE_WRITE_HINT,
        Scope::Staff => k::SCOPE_STAFF_HINT,
        Scope::Admin => k::SCOPE_ADMIN_HINT,
    }
}

pub fn transfer_kind(kind: TransferKind) -> Key {
    match kind {
        TransferKind::WelcomeGrant => k::TRANSFER_KIND_WELCOME_GRANT,
        TransferKind::Service => k::TRANSFER_KIND_SERVICE,
        TransferKind::Payment => k::TRANSFER_KIND_PAYMENT,
        TransferKind::Reversal => k::TRANSFER_KIND_REVERSAL,
        TransferKind::Adjustment => k::TRANSFER_KIND_ADJUSTMENT,
        TransferKind::AccountClosing => k::TRANSFER_KIND_ACCOUNT_CLOSING,
        TransferKind::MissionBrought => k::TRANSFER_KIND_MISSION_BROUGHT,
        TransferKind::ContactReveal => k::TRANSFER_KIND_CONTACT_REVEAL,
    }
}

pub fn account_kind(kind: AccountKind) -> Key {
    match kind {
        AccountKind::Member => k::ACCOUNT_KIND_MEMBER,
        AccountKind::Issuance => k::ACCOUNT_KIND_ISSUANCE,
        AccountKind::Fees => k::ACCOUNT_KIND_FEES,
    }
}

/// Who holds an account, or is a statement line's other side: the member's name, or one of
/// the association's accounts named by its kind in the person's language.
pub fn holder(i18n: I18n, name: Option<&str>, kind: AccountKind) -> String {
    name.map_or_else(|| i18n.t(account_kind(kind)).to_owned(), str::to_owned)
}

pub fn listing_kind(kind: ListingKind) -> Key {
    match kind {
        ListingKind::Offer => k::LISTING_KIND_OFFER,
        ListingKind::Want => k::LISTING_KIND_WANT,
    }
}

pub fn listing_status(status: ListingStatus) -> Key {
    match status {
        ListingStatus::Active => k::LISTING_STATUS_ACTIVE,
        ListingStatus::Paused => k::LISTING_STATUS_PAUSED,
        ListingStatus::Closed => k::LISTING_STATUS_CLOSED,
        ListingStatus::Expired => k::LISTING_STATUS_EXPIRED,
    }
}

pub fn exchange_state(state: ExchangeState) -> Key {
    match state {
        ExchangeState::Requested => k::EXCHANGE_STATE_REQUESTED,
        ExchangeState::AwaitingAgreement => k::EXCHANGE_STATE_AWAITING_AGREEMENT,
        ExchangeState::Accepted => k::EXCHANGE_STATE_ACCEPTED,
        ExchangeState::Delivered => k::EXCHANGE_STATE_DELIVERED,
        ExchangeState::Confirmed => k::EXCHANGE_STATE_CONFIRMED,
        ExchangeState::Evaluated => k::EXCHANGE_STATE_EVALUATED,
        ExchangeState::Declined => k::EXCHANGE_STATE_DECLINED,
        ExchangeState::Cancelled => k::EXCHANGE_STATE_CANCELLED,
        ExchangeState::Disputed => k::EXCHANGE_STATE_DISPUTED,
    }
}

/// What the state means for the people of the exchange (under the state's badge).
pub fn exchange_state_hint(state: ExchangeState) -> Key {
    match state {
        ExchangeState::Requested => k::EXCHANGE_STATE_HINT_REQUESTED,
        ExchangeState::AwaitingAgreement => k::EXCHANGE_STATE_HINT_AWAITING_AGREEMENT,
        ExchangeState::Accepted => k::EXCHANGE_STATE_HINT_ACCEPTED,
        ExchangeState::Delivered => k::EXCHANGE_STATE_HINT_DELIVERED,
        ExchangeState::Confirmed => k::EXCHANGE_STATE_HINT_CONFIRMED,
        ExchangeState::Evaluated => k::EXCHANGE_STATE_HINT_EVALUATED,
        ExchangeState::Declined => k::EXCHANGE_STATE_HINT_DECLINED,
        ExchangeState::Cancelled => k::EXCHANGE_STATE_HINT_CANCELLED,
        ExchangeState::Disputed => k::EXCHANGE_STATE_HINT_DISPUTED,
    }
}

/// An action as the timeline tells it, after the name of who did it ("a accepté pour 3 h").
pub fn action_kind(action: ActionKind) -> Key {
    match action {
        ActionKind::Request => k::ACTION_REQUEST,
        ActionKind::Accept => k::ACTION_ACCEPT,
        ActionKind::Agree => k::ACTION_AGREE,
        ActionKind::Decline => k::ACTION_DECLINE,
        ActionKind::Cancel => k::ACTION_CANCEL,
        ActionKind::Deliver => k::ACTION_DELIVER,
        ActionKind::Confirm => k::ACTION_CONFIRM,
        ActionKind::Dispute => k::ACTION_DISPUTE,
        ActionKind::Evaluate => k::ACTION_EVALUATE,
        ActionKind::SettleConfirm => k::ACTION_SETTLE_CONFIRM,
        ActionKind::SettleAdjust => k::ACTION_SETTLE_ADJUST,
        ActionKind::SettleCancel => k::ACTION_SETTLE_CANCEL,
        ActionKind::AutoConfirm => k::ACTION_AUTO_CONFIRM,
        ActionKind::AccountClosed => k::ACTION_ACCOUNT_CLOSED,
    }
}

pub fn notification_kind(kind: NotificationKind) -> Key {
    match kind {
        NotificationKind::RequestToAnswer => k::NOTIFICATION_KIND_REQUEST_TO_ANSWER,
        NotificationKind::RequestAccepted => k::NOTIFICATION_KIND_REQUEST_ACCEPTED,
        NotificationKind::AgreementToGive => k::NOTIFICATION_KIND_AGREEMENT_TO_GIVE,
        NotificationKind::DurationAgreed => k::NOTIFICATION_KIND_DURATION_AGREED,
        NotificationKind::RequestDeclined => k::NOTIFICATION_KIND_REQUEST_DECLINED,
        NotificationKind::ExchangeCancelled => k::NOTIFICATION_KIND_EXCHANGE_CANCELLED,
        NotificationKind::DeliveryToConfirm => k::NOTIFICATION_KIND_DELIVERY_TO_CONFIRM,
        NotificationKind::ConfirmReminder => k::NOTIFICATION_KIND_CONFIRM_REMINDER,
        NotificationKind::ExchangeConfirmed => k::NOTIFICATION_KIND_EXCHANGE_CONFIRMED,
        NotificationKind::EvaluationToGive => k::NOTIFICATION_KIND_EVALUATION_TO_GIVE,
        NotificationKind::DisputeOpened => k::NOTIFICATION_KIND_DISPUTE_OPENED,
        NotificationKind::DisputeSettled => k::NOTIFICATION_KIND_DISPUTE_SETTLED,
        NotificationKind::AutoConfirmRefused => k::NOTIFICATION_KIND_AUTO_CONFIRM_REFUSED,
    }
}

pub fn signal_kind(kind: SignalKind) -> Key {
    match kind {
        SignalKind::GivesNeverReceives => k::SIGNAL_KIND_GIVES_NEVER_RECEIVES,
        SignalKind::ReceivesNeverGives => k::SIGNAL_KIND_RECEIVES_NEVER_GIVES,
        SignalKind::Hoarding => k::SIGNAL_KIND_HOARDING,
        SignalKind::PingPong => k::SIGNAL_KIND_PING_PONG,
        SignalKind::RepeatedCancellations => k::SIGNAL_KIND_REPEATED_CANCELLATIONS,
    }
}

/// What the pattern may mean, and what staff may do about it.
pub fn signal_hint(kind: SignalKind) -> Key {
    match kind {
        SignalKind::GivesNeverReceives => k::SIGNAL_HINT_GIVES_NEVER_RECEIVES,
        SignalKind::ReceivesNeverGives => k::SIGNAL_HINT_RECEIVES_NEVER_GIVES,
        SignalKind::Hoarding => k::SIGNAL_HINT_HOARDING,
        SignalKind::PingPong => k::SIGNAL_HINT_PING_PONG,
        SignalKind::RepeatedCancellations => k::SIGNAL_HINT_REPEATED_CANCELLATIONS,
    }
}
