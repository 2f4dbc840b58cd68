//! In-app notifications: what needs a member's action, and what happened to their exchanges.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// Someone asks for an exchange: accept or decline it.
    RequestToAnswer,
    /// My request was accepted.
    RequestAccepted,
    /// The provider accepted with another duration than I asked for: agree or decline it.
    AgreementToGive,
    /// The member served agreed to the duration I accepted with.
    DurationAgreed,
    /// My request was declined.
    RequestDeclined,
    /// The other member cancelled.
    ExchangeCancelled,
    /// The provider says the service is delivered: confirm it (or dispute it).
    DeliveryToConfirm,
    /// A reminder: the delivery will be confirmed automatically soon.
    ConfirmReminder,
    /// The exchange is confirmed and the TS are paid.
    ExchangeConfirmed,
    /// Give an evaluation of the service received.
    EvaluationToGive,
    /// The other member opened a dispute.
    DisputeOpened,
    /// Staff settled the dispute.
    DisputeSettled,
    /// The automatic confirmation could not pay (the member served's balance): confirm when it
    /// can, or open a dispute.
    AutoConfirmRefused,
}

text_enum!(NotificationKind {
    RequestToAnswer => "request_to_answer",
    RequestAccepted => "request_accepted",
    AgreementToGive => "agreement_to_give",
    DurationAgreed => "duration_agreed",
    RequestDeclined => "request_declined",
    ExchangeCancelled => "exchange_cancelled",
    DeliveryToConfirm => "delivery_to_confirm",
    ConfirmReminder => "confirm_reminder",
    ExchangeConfirmed => "exchange_confirmed",
    EvaluationToGive => "evaluation_to_give",
    DisputeOpened => "dispute_opened",
    DisputeSettled => "dispute_settled",
    AutoConfirmRefused => "auto_confirm_refused",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationView {
    pub id: String,
    pub kind: NotificationKind,
    pub exchange_id: Option<String>,
    /// The exchange's title, to show without another request.
    pub title: String,
    pub created_at: String,
    pub read: bool,
}

/// `GET /api/me/notifications/unread`: the header's badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub unread: u32,
}

/// A member's page: who they are in the time bank (until full profiles come).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberPage {
    pub id: String,
    pub display_name: String,
    pub totals: crate::timebank::GiveReceive,
    /// Exchanges confirmed where they gave the service, and where they were served.
    pub exchanges_given: u32,
    pub exchanges_received: u32,
    /// Evaluations of the services they gave, newest first.
    pub evaluations: Vec<crate::exchange::EvaluationView>,
    /// The mean rating in tenths (`43` is 4,3 / 5), if evaluated.
    pub average_rating_tenths: Option<u32>,
}

/// The mean of `count` ratings summing to `sum`, in tenths rounded to the nearest (halves up):
/// 4.25 shows as 43, that is "4,3". `None` without ratings.
pub fn average_rating_tenths(sum: u64, count: u64) -> Option<u32> {
    (count > 0).then(|| u32::try_from((sum * 10 + count / 2) / count).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod average_tests {
    use super::average_rating_tenths;

    #[test]
    fn the_mean_is_in_tenths_rounded_half_up() {
        assert_eq!(average_rating_tenths(0, 0), None);
        assert_eq!(average_rating_tenths(5, 1), Some(50));
        assert_eq!(average_rating_tenths(17, 4), Some(43)); // 4.25
        assert_eq!(average_rating_tenths(13, 3), Some(43)); // 4.333…
        assert_eq!(average_rating_tenths(11, 3), Some(37)); // 3.666…
    }
}
