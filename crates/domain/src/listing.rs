//! Listings: what a member offers (*offre de service*) or asks for (*demande de service*).
//!
//! A listing is where an exchange starts: another member answers it (see [`crate::exchange`]).
//! Its duration is only an estimate; the amount actually paid is fixed when the exchange is
//! accepted.

use crate::{ErrorCode, FieldError, Problem, Ts};
use serde::{Deserialize, Serialize};

/// Whether the owner gives the service or asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListingKind {
    /// *Offre*: the owner gives the service; whoever answers is served and pays.
    Offer,
    /// *Demande*: the owner asks for the service; whoever answers gives it and is paid.
    Want,
}

text_enum!(ListingKind {
    Offer => "offer",
    Want => "want",
});

/// Where a listing stands. Only `active` listings can be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListingStatus {
    Active,
    /// Hidden from the others for a while by its owner; can be made active again.
    Paused,
    /// Withdrawn by its owner, for good.
    Closed,
    /// Its `expires_at` passed (set by the scheduler); only a renewal brings it back.
    Expired,
}

text_enum!(ListingStatus {
    Active => "active",
    Paused => "paused",
    Closed => "closed",
    Expired => "expired",
});

impl ListingStatus {
    /// The statuses an owner may ask for in a [`ListingPatch`]; `expired` is the scheduler's.
    pub fn settable_by_owner(self) -> bool {
        self != ListingStatus::Expired
    }

    /// Whether another member may answer the listing now.
    pub fn accepts_requests(self) -> bool {
        self == ListingStatus::Active
    }

    /// Whether every member sees the listing: active, and not past its date (the scheduler
    /// marks it expired within the hour; until then its date says it).
    pub fn is_public(self, past_its_date: bool) -> bool {
        self.accepts_requests() && !past_its_date
    }
}

/// Who sees what is no longer public (a paused, closed or expired listing; the page of a
/// member who is not active): the person it belongs to, staff, and the members who have, or
/// had, an exchange on it or with them. Nobody else, not even its existence (a 404).
pub fn sees_withdrawn(is_owner: bool, is_staff: bool, has_exchange: bool) -> bool {
    is_owner || is_staff || has_exchange
}

/// Why a listing's status cannot change as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListingRefusal {
    /// The listing is closed: nothing changes it any more (409).
    #[error("the listing is closed")]
    ListingClosed,
    /// This status cannot be reached from the current one, e.g. an expired listing paused
    /// without being renewed (409).
    #[error("this status cannot be reached from the current one")]
    WrongState,
}

text_enum!(ListingRefusal (error) {
    ListingClosed => "listing_closed",
    WrongState => "wrong_state",
});

impl ListingRefusal {
    /// The answer: `wrong_state` (409), with this refusal as its `reason` parameter.
    pub fn problem(self) -> Problem {
        Problem::new(ErrorCode::WrongState).with_param("reason", self.as_str())
    }
}

/// Whether a listing may go from `from` to `to`.
///
/// - `active` ⇄ `paused` (the owner), `active`/`paused` → `closed` (the owner);
/// - `active`/`paused` → `expired` (the scheduler, when `expires_at` passes);
/// - `expired` → `active` is the renewal: whoever applies it also sets a new `expires_at`;
/// - `closed` is final, and `expired` is final but for the renewal.
///
/// Asking for the status a listing already has is no change and is accepted while the listing
/// is active or paused, so a repeated PATCH is harmless.
pub fn listing_status_transition(from: ListingStatus, to: ListingStatus) -> Result<(), ListingRefusal> {
    use ListingStatus::{Active, Closed, Expired, Paused};
    match (from, to) {
        (Closed, _) => Err(ListingRefusal::ListingClosed),
        (Active | Paused, Active | Paused | Closed | Expired) | (Expired, Active) => Ok(()),
        (Expired, Paused | Closed | Expired) => Err(ListingRefusal::WrongState),
    }
}

/// What an owner's change does to a listing in `current`: `to` is the status asked for, or
/// `None` for edits alone. `Ok(true)` when the change renews it (back to active from expired:
/// whoever applies it sets a new end date). A closed or expired listing is not edited.
pub fn check_listing_change(
    current: ListingStatus,
    to: Option<ListingStatus>,
) -> Result<bool, ListingRefusal> {
    match to {
        Some(to) => {
            listing_status_transition(current, to)?;
            Ok(current == ListingStatus::Expired && to == ListingStatus::Active)
        }
        None => match current {
            ListingStatus::Closed => Err(ListingRefusal::ListingClosed),
            ListingStatus::Expired => Err(ListingRefusal::WrongState),
            ListingStatus::Active | ListingStatus::Paused => Ok(false),
        },
    }
}

/// Why a member may not ask for an exchange on a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RequestRefusal {
    /// It is not public now: paused, closed, or past its date.
    #[error("this listing takes no requests now")]
    NoRequestsNow,
    /// It is the member's own.
    #[error("one does not answer one's own listing")]
    OwnListing,
}

impl RequestRefusal {
    /// The answer: `wrong_state` (409), with what is wrong in `detail`.
    pub fn problem(self) -> Problem {
        Problem::new(ErrorCode::WrongState).with_detail(self.to_string())
    }
}

/// Whether a member may ask for an exchange on a listing in `status`: it takes requests (it is
/// public), and it is not theirs.
pub fn check_request(status: ListingStatus, past_its_date: bool, own: bool) -> Result<(), RequestRefusal> {
    if !status.is_public(past_its_date) {
        Err(RequestRefusal::NoRequestsNow)
    } else if own {
        Err(RequestRefusal::OwnListing)
    } else {
        Ok(())
    }
}

/// What a listing's owner does to it, in the order the app shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListingAction {
    Pause,
    Reopen,
    Renew,
    Close,
}

impl ListingAction {
    pub const ALL: [ListingAction; 4] =
        [ListingAction::Pause, ListingAction::Reopen, ListingAction::Renew, ListingAction::Close];

    /// The listing's status afterwards.
    pub fn target(self) -> ListingStatus {
        match self {
            ListingAction::Pause => ListingStatus::Paused,
            ListingAction::Reopen | ListingAction::Renew => ListingStatus::Active,
            ListingAction::Close => ListingStatus::Closed,
        }
    }

    /// Whether the owner can take this action on a listing in `status`: the status change is
    /// allowed and the action changes something. A renewal also sets a new end date, so it is
    /// offered to active (it extends them), paused and expired listings alike; reopening is for
    /// paused ones, since an expired listing is renewed.
    pub fn applies_to(self, status: ListingStatus) -> bool {
        let changes = match self {
            ListingAction::Pause => status != ListingStatus::Paused,
            ListingAction::Reopen => status == ListingStatus::Paused,
            ListingAction::Renew | ListingAction::Close => true,
        };
        changes && listing_status_transition(status, self.target()).is_ok()
    }

    /// The actions a listing in `status` offers its owner.
    pub fn available(status: ListingStatus) -> Vec<ListingAction> {
        ListingAction::ALL.into_iter().filter(|a| a.applies_to(status)).collect()
    }
}

pub const TITLE_MAX: u64 = 120;
pub const DESCRIPTION_MAX: u64 = 4000;
pub const SKILLS_MAX: usize = 10;
pub const SKILL_MAX: usize = 40;

/// Durations are counted in quarters of an hour, from 15 minutes to 100 hours.
pub const MINUTES_MIN: u32 = 15;
pub const MINUTES_MAX: u32 = 6000;
pub const MINUTES_STEP: u32 = 15;

/// A duration SEED accepts for a listing or an exchange: [`MINUTES_MIN`] to [`MINUTES_MAX`]
/// minutes, by steps of [`MINUTES_STEP`].
pub fn is_valid_minutes(minutes: u32) -> bool {
    (MINUTES_MIN..=MINUTES_MAX).contains(&minutes) && minutes.is_multiple_of(MINUTES_STEP)
}

/// The rule of a duration field (passes when [`is_valid_minutes`]).
pub fn duration(value: u32) -> Result<(), validator::ValidationError> {
    let mut e = if !(MINUTES_MIN..=MINUTES_MAX).contains(&value) {
        let mut e = validator::ValidationError::new("out_of_range");
        e.add_param("min".into(), &MINUTES_MIN);
        e.add_param("max".into(), &MINUTES_MAX);
        e
    } else if !value.is_multiple_of(MINUTES_STEP) {
        validator::ValidationError::new("not_a_multiple")
    } else {
        return Ok(());
    };
    e.add_param("step".into(), &MINUTES_STEP);
    Err(e)
}

/// A skill tag as stored: trimmed, lowercased, inner runs of whitespace made one space, so
/// "  Web   Design" and "web design" are the same tag.
pub fn skill_tag(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The field errors of a list of tags, checked in their stored form ([`skill_tag`]): at most
/// [`SKILLS_MAX`] tags, each 1 to [`SKILL_MAX`] characters. A tag's errors carry its position
/// as `index`, so every bad tag is named at once (one `validator` rule names one error).
/// A tag given twice is stored once ([`stored_skills`]).
fn skills(errors: &mut Vec<FieldError>, raw: &[String]) {
    if raw.len() > SKILLS_MAX {
        errors.push(FieldError::new("skills", "too_many").with_param("max", SKILLS_MAX as i64));
    }
    for (index, tag) in raw.iter().map(|r| skill_tag(r)).enumerate() {
        let at = |e: FieldError| e.with_param("index", index as i64);
        if tag.is_empty() {
            errors.push(at(FieldError::new("skills", "required")));
        } else if tag.chars().count() > SKILL_MAX {
            errors.push(at(FieldError::new("skills", "too_long").with_param("max", SKILL_MAX as i64)));
        }
    }
}

/// The tags as stored: each in its [`skill_tag`] form, once, in the order given.
pub fn stored_skills(raw: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::with_capacity(raw.len());
    for tag in raw.iter().map(|r| skill_tag(r)) {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// A skill tag as the OpenAPI document states it (the rule is [`skills`]).
#[cfg(feature = "openapi")]
pub struct SkillTag;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for SkillTag {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .max_length(Some(SKILL_MAX))
            .pattern(Some("\\S"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for SkillTag {}

/// The statuses an owner may ask for, as the OpenAPI document states them (the rule is
/// [`ListingStatus::settable_by_owner`]).
#[cfg(feature = "openapi")]
pub struct OwnerStatus;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for OwnerStatus {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let settable =
            ListingStatus::ALL.into_iter().filter(|s| s.settable_by_owner()).map(ListingStatus::as_str);
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(settable))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for OwnerStatus {}

/// `POST /api/listings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct NewListing {
    pub kind: ListingKind,
    /// 1 to 120 characters.
    #[validate(length(max = TITLE_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 120, pattern = "\\S"))]
    pub title: String,
    /// 1 to 4000 characters, plain text.
    #[validate(length(max = DESCRIPTION_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000, pattern = "\\S"))]
    pub description: String,
    /// 0 to 10 tags of 1 to 40 characters; stored trimmed and lowercased, each once.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<SkillTag>, max_items = 10))]
    pub skills: Vec<String>,
    /// 15 to 6000, a multiple of 15.
    #[validate(custom(function = "duration"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 15, maximum = 6000, multiple_of = 15))]
    pub estimated_minutes: u32,
}

impl NewListing {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = crate::validation::field_errors(validator::Validate::validate(self));
        skills(&mut errors, &self.skills);
        errors
    }

    /// The listing as it is stored: texts trimmed, tags in their stored form.
    pub fn normalize(&mut self) {
        self.title = self.title.trim().to_owned();
        self.description = self.description.trim().to_owned();
        self.skills = stored_skills(&self.skills);
    }
}

/// `PATCH /api/listings/{id}`: only the fields that change. The kind cannot change: an offer
/// that becomes a want is a new listing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct ListingPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = TITLE_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 120, pattern = "\\S"))]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = DESCRIPTION_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000, pattern = "\\S"))]
    pub description: Option<String>,
    /// The whole new list of tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<SkillTag>>, max_items = 10))]
    pub skills: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(custom(function = "duration"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 15, maximum = 6000, multiple_of = 15))]
    pub estimated_minutes: Option<u32>,
    /// `active`, `paused` or `closed`; the change must also pass [`listing_status_transition`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<OwnerStatus>))]
    pub status: Option<ListingStatus>,
}

impl ListingPatch {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = crate::validation::field_errors(validator::Validate::validate(self));
        if let Some(tags) = &self.skills {
            skills(&mut errors, tags);
        }
        if let Some(status) = self.status
            && !status.settable_by_owner()
        {
            errors.push(FieldError::new("status", "not_settable"));
        }
        errors
    }

    /// The patch as it is stored: texts trimmed, tags in their stored form.
    pub fn normalize(&mut self) {
        if let Some(title) = &mut self.title {
            *title = title.trim().to_owned();
        }
        if let Some(description) = &mut self.description {
            *description = description.trim().to_owned();
        }
        if let Some(tags) = &mut self.skills {
            *tags = stored_skills(tags);
        }
    }
}

/// A listing as members see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Listing {
    pub id: String,
    pub kind: ListingKind,
    pub owner_id: String,
    pub owner_name: String,
    pub title: String,
    pub description: String,
    pub skills: Vec<String>,
    pub estimated_minutes: u32,
    pub status: ListingStatus,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC: after it the listing expires unless renewed.
    pub expires_at: String,
    /// What `estimated_minutes` would cost at the current rate, in hundredths of TS
    /// ([`Ts::pro_rata`], see [`crate::exchange::amount_for`]). Only an estimate: the amount is
    /// fixed when an exchange is accepted.
    pub estimated_amount: Ts,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_and_expired_listings_are_not_edited_and_renewal_is_the_way_back() {
        use ListingStatus::{Active, Closed, Expired, Paused};
        assert_eq!(check_listing_change(Active, None), Ok(false));
        assert_eq!(check_listing_change(Paused, Some(Active)), Ok(false));
        assert_eq!(check_listing_change(Expired, Some(Active)), Ok(true), "a renewal");
        assert_eq!(check_listing_change(Closed, None), Err(ListingRefusal::ListingClosed));
        assert_eq!(check_listing_change(Expired, None), Err(ListingRefusal::WrongState));
        assert_eq!(check_listing_change(Expired, Some(Paused)), Err(ListingRefusal::WrongState));
    }

    #[test]
    fn a_listing_takes_requests_when_public_and_not_from_its_owner() {
        assert_eq!(check_request(ListingStatus::Active, false, false), Ok(()));
        assert_eq!(check_request(ListingStatus::Active, true, false), Err(RequestRefusal::NoRequestsNow));
        assert_eq!(check_request(ListingStatus::Paused, false, false), Err(RequestRefusal::NoRequestsNow));
        assert_eq!(check_request(ListingStatus::Active, false, true), Err(RequestRefusal::OwnListing));
    }

    #[test]
    fn only_those_involved_see_a_withdrawn_listing() {
        assert!(ListingStatus::Active.is_public(false));
        assert!(!ListingStatus::Active.is_public(true));
        for status in [ListingStatus::Paused, ListingStatus::Closed, ListingStatus::Expired] {
            assert!(!status.is_public(false));
        }
        assert!(sees_withdrawn(true, false, false));
        assert!(sees_withdrawn(false, true, false));
        assert!(sees_withdrawn(false, false, true));
        assert!(!sees_withdrawn(false, false, false));
    }
    use crate::problem::serde_json_value::Value;

    fn listing() -> NewListing {
        NewListing {
            kind: ListingKind::Offer,
            title: "Relecture de CV".into(),
            description: "Je relis votre CV et vous fais un retour détaillé.".into(),
            skills: vec!["Rédaction".into(), " recrutement ".into()],
            estimated_minutes: 90,
        }
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect()
    }

    #[test]
    fn names_round_trip_and_match_serde() -> Result<(), serde_json::Error> {
        for k in ListingKind::ALL {
            assert_eq!(ListingKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_string(&k)?, format!("\"{}\"", k.as_str()));
        }
        for s in ListingStatus::ALL {
            assert_eq!(ListingStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s)?, format!("\"{}\"", s.as_str()));
        }
        for r in ListingRefusal::ALL {
            assert_eq!(serde_json::to_string(&r)?, format!("\"{}\"", r.as_str()));
        }
        assert_eq!(ListingStatus::parse("deleted"), None);
        assert_eq!(ListingRefusal::ListingClosed.problem().status, 409);
        assert_eq!(
            ListingRefusal::ListingClosed.problem().params["reason"],
            Value::Text("listing_closed".into())
        );
        Ok(())
    }

    #[test]
    fn a_good_listing_is_valid() {
        assert_eq!(listing().validate(), []);
    }

    #[test]
    fn titles_and_descriptions_have_bounds() {
        let mut l = listing();
        l.title = " ".into();
        l.description = "é".repeat(DESCRIPTION_MAX as usize + 1);
        assert_eq!(codes(&l.validate()), [("description", "too_long"), ("title", "required")]);
        l.title = "é".repeat(TITLE_MAX as usize);
        l.description = "é".repeat(DESCRIPTION_MAX as usize);
        assert_eq!(l.validate(), []);
        l.title = "é".repeat(TITLE_MAX as usize + 1);
        assert_eq!(codes(&l.validate()), [("title", "too_long")]);
    }

    #[test]
    fn durations_are_quarters_of_an_hour_up_to_100_hours() {
        for ok in [15, 30, 180, 5985, 6000] {
            assert!(is_valid_minutes(ok), "{ok}");
        }
        for bad in [0, 14, 16, 20, 179, 6001, 6015, u32::MAX] {
            assert!(!is_valid_minutes(bad), "{bad}");
        }
        let mut l = listing();
        l.estimated_minutes = 0;
        assert_eq!(codes(&l.validate()), [("estimated_minutes", "out_of_range")]);
        l.estimated_minutes = 6015;
        assert_eq!(codes(&l.validate()), [("estimated_minutes", "out_of_range")]);
        l.estimated_minutes = 100;
        assert_eq!(codes(&l.validate()), [("estimated_minutes", "not_a_multiple")]);
    }

    #[test]
    fn tags_are_compared_in_their_stored_form() {
        assert_eq!(skill_tag("  Web   Design "), "web design");
        assert_eq!(skill_tag("ÉCRITURE"), "écriture");
        let mut l = listing();
        l.skills =
            vec!["Rust".into(), " rust".into(), "  ".into(), "x".repeat(SKILL_MAX + 1), "é".repeat(40)];
        let errors = l.validate();
        assert_eq!(codes(&errors), [("skills", "required"), ("skills", "too_long")]);
        let indexes: Vec<_> = errors.iter().map(|e| e.params["index"].clone()).collect();
        assert_eq!(indexes, [Value::Int(2), Value::Int(3)]);
        // A tag given twice is stored once, in its first place.
        assert_eq!(stored_skills(&["Rust".into(), "web".into(), " RUST ".into()]), ["rust", "web"]);
        l.skills = (0..=SKILLS_MAX).map(|i| format!("tag{i}")).collect();
        assert_eq!(codes(&l.validate()), [("skills", "too_many")]);
        l.skills.pop();
        assert_eq!(l.validate(), []);
        l.skills.clear();
        assert_eq!(l.validate(), []);
    }

    #[test]
    fn normalize_stores_what_validate_checked() {
        let mut l = listing();
        l.title = "  Relecture ".into();
        l.normalize();
        assert_eq!(l.title, "Relecture");
        assert_eq!(l.skills, ["rédaction", "recrutement"]);
    }

    #[test]
    fn patches_check_only_what_they_change() {
        assert_eq!(ListingPatch::default().validate(), []);
        let patch = ListingPatch {
            title: Some("".into()),
            skills: Some(vec!["a".into(), " ".into()]),
            estimated_minutes: Some(10),
            status: Some(ListingStatus::Expired),
            ..ListingPatch::default()
        };
        assert_eq!(
            codes(&patch.validate()),
            [
                ("estimated_minutes", "out_of_range"),
                ("title", "required"),
                ("skills", "required"),
                ("status", "not_settable")
            ]
        );
        for status in [ListingStatus::Active, ListingStatus::Paused, ListingStatus::Closed] {
            assert_eq!(ListingPatch { status: Some(status), ..ListingPatch::default() }.validate(), []);
        }
    }

    #[test]
    fn patches_refuse_unknown_fields() {
        assert!(serde_json::from_str::<ListingPatch>(r#"{"kind":"want"}"#).is_err());
        assert!(serde_json::from_str::<ListingPatch>(r#"{"status":"paused"}"#).is_ok());
    }

    #[test]
    fn status_transitions() {
        use ListingStatus::{Active, Closed, Expired, Paused};
        let allowed = [
            (Active, Active),
            (Active, Paused),
            (Active, Closed),
            (Active, Expired),
            (Paused, Paused),
            (Paused, Active),
            (Paused, Closed),
            (Paused, Expired),
            (Expired, Active),
        ];
        for from in ListingStatus::ALL {
            for to in ListingStatus::ALL {
                let result = listing_status_transition(from, to);
                if allowed.contains(&(from, to)) {
                    assert_eq!(result, Ok(()), "{from:?} -> {to:?}");
                } else if from == Closed {
                    assert_eq!(result, Err(ListingRefusal::ListingClosed), "{from:?} -> {to:?}");
                } else {
                    assert_eq!(result, Err(ListingRefusal::WrongState), "{from:?} -> {to:?}");
                }
            }
        }
        use ListingAction::{Close, Pause, Renew, Reopen};
        assert_eq!(ListingAction::available(Active), [Pause, Renew, Close]);
        assert_eq!(ListingAction::available(Paused), [Reopen, Renew, Close]);
        assert_eq!(ListingAction::available(Expired), [Renew]);
        assert_eq!(ListingAction::available(ListingStatus::Closed), []);
        for status in ListingStatus::ALL {
            for action in ListingAction::available(status) {
                assert_eq!(
                    listing_status_transition(status, action.target()),
                    Ok(()),
                    "{status:?} {action:?}"
                );
            }
        }
        assert!(Active.accepts_requests());
        assert!(!Paused.accepts_requests() && !Expired.accepts_requests() && !Closed.accepts_requests());
    }
}
