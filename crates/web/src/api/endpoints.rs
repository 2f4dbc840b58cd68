//! One function per endpoint the SPA calls, typed by the domain's request and response types:
//! no page writes a URL. Lists read page by page are named by their path ([`Paged`]), and
//! download links by theirs.
//!
//! [`Paged`]: crate::components::paged::Paged

use super::{
    ApiFailure, delete, get, patch, post, post_empty, post_no_content, post_once, put, segment, with_query,
};
use seed_domain::abuse::{AbuseSignal, AbuseThresholds};
use seed_domain::admin::{LegalNotice, Settings, SettingsPatch};
use seed_domain::auth::{CreatedToken, DemoPerson, DemoSignIn, Me, NewToken, SessionInfo, TokenInfo};
use seed_domain::exchange::{
    AcceptExchange, DisputeExchange, ExchangeView, NewEvaluation, NewExchange, SettleExchange,
};
use seed_domain::ledger::{AccountLimits, TsRules};
use seed_domain::listing::{Listing, ListingPatch, NewListing};
use seed_domain::membership::{MemberPatch, MemberSummary, NewMember};
use seed_domain::notification::{MemberPage, UnreadCount};
use seed_domain::system::Health;
use seed_domain::timebank::{
    AccountView, BooksCheck, NewAdjustment, NewPayment, Payee, ReverseTransfer, TransferView,
};

type Answer<T> = Result<T, ApiFailure>;

// Lists, read page by page.
pub const LISTINGS: &str = "/api/listings";
pub const MY_LISTINGS: &str = "/api/me/listings";
pub const EXCHANGES: &str = "/api/exchanges";
pub const DISPUTES: &str = "/api/disputes";
pub const MY_NOTIFICATIONS: &str = "/api/me/notifications";
pub const MY_STATEMENT: &str = "/api/me/statement";
pub const MEMBERS: &str = "/api/members";
pub const AUDIT: &str = "/api/admin/audit";

pub fn account_statement(account_id: &str) -> String {
    format!("/api/accounts/{}/statement", segment(account_id))
}

// Downloads.
pub const MY_STATEMENT_CSV: &str = "/api/me/statement.csv";

pub fn account_statement_csv(account_id: &str) -> String {
    format!("/api/accounts/{}/statement.csv", segment(account_id))
}

/// The API's interactive documentation, linked from every page's footer.
pub const DOCS: &str = "/api/docs/";

/// Where the browser goes to sign in with Google, coming back to `return_to`.
pub fn google_sign_in(return_to: &str) -> String {
    with_query("/api/auth/login", &[("return_to", return_to)])
}

// The service, the session and the public texts.
pub async fn health() -> Answer<Health> {
    get("/api/health").await
}

pub async fn me() -> Answer<Me> {
    get("/api/me").await
}

pub async fn demo_people() -> Answer<Vec<DemoPerson>> {
    get("/api/auth/demo").await
}

pub async fn demo_sign_in(request: &DemoSignIn) -> Answer<()> {
    post_no_content("/api/auth/demo", Some(request)).await
}

pub async fn sign_out() -> Answer<()> {
    post_no_content::<()>("/api/auth/logout", None).await
}

pub async fn sign_out_everywhere() -> Answer<()> {
    post_no_content::<()>("/api/auth/logout_everywhere", None).await
}

pub async fn ts_rules() -> Answer<TsRules> {
    get("/api/public/ts_rules").await
}

pub async fn legal_notice() -> Answer<LegalNotice> {
    get("/api/public/legal").await
}

/// The English texts in the order of this SPA's keys (a 409 if the server's order differs).
pub async fn english_texts(keys: &str) -> Answer<Vec<String>> {
    get(&with_query("/api/public/texts/en", &[("keys", keys)])).await
}

// My account: sessions, tokens, notifications.
pub async fn my_sessions() -> Answer<Vec<SessionInfo>> {
    get("/api/me/sessions").await
}

pub async fn end_session(id: &str) -> Answer<()> {
    delete(&format!("/api/me/sessions/{}", segment(id))).await
}

pub async fn my_tokens() -> Answer<Vec<TokenInfo>> {
    get("/api/me/tokens").await
}

pub async fn create_token(request: &NewToken) -> Answer<CreatedToken> {
    post("/api/me/tokens", request).await
}

pub async fn revoke_token(id: &str) -> Answer<()> {
    delete(&format!("/api/me/tokens/{}", segment(id))).await
}

pub async fn unread_notifications() -> Answer<UnreadCount> {
    get("/api/me/notifications/unread").await
}

pub async fn read_notification(id: &str) -> Answer<()> {
    post_no_content::<()>(&format!("/api/me/notifications/{}/read", segment(id)), None).await
}

pub async fn read_all_notifications() -> Answer<()> {
    post_no_content::<()>("/api/me/notifications/read_all", None).await
}

// The time bank.
pub async fn my_account() -> Answer<AccountView> {
    get("/api/me/account").await
}

pub async fn payees(query: &str) -> Answer<Vec<Payee>> {
    get(&with_query("/api/payees", &[("q", query)])).await
}

pub async fn pay(request: &NewPayment, key: &str) -> Answer<TransferView> {
    post_once("/api/transfers", Some(request), key).await
}

pub async fn reverse_transfer(
    transfer_id: &str,
    request: &ReverseTransfer,
    key: &str,
) -> Answer<TransferView> {
    post_once(&format!("/api/transfers/{}/reverse", segment(transfer_id)), Some(request), key).await
}

pub async fn accounts() -> Answer<Vec<AccountView>> {
    get("/api/accounts").await
}

pub async fn account(id: &str) -> Answer<AccountView> {
    get(&format!("/api/accounts/{}", segment(id))).await
}

pub async fn set_account_limits(id: &str, limits: &AccountLimits) -> Answer<AccountView> {
    put(&format!("/api/accounts/{}/limits", segment(id)), limits).await
}

pub async fn settle_account(id: &str, key: &str) -> Answer<TransferView> {
    post_once::<(), _>(&format!("/api/accounts/{}/settle", segment(id)), None, key).await
}

pub async fn adjust(request: &NewAdjustment, key: &str) -> Answer<TransferView> {
    post_once("/api/adjustments", Some(request), key).await
}

pub async fn books() -> Answer<BooksCheck> {
    get("/api/admin/books").await
}

pub async fn set_ts_rules(rules: &TsRules) -> Answer<TsRules> {
    put("/api/admin/ts_rules", rules).await
}

// Offers, wants and exchanges.
pub async fn listing(id: &str) -> Answer<Listing> {
    get(&format!("/api/listings/{}", segment(id))).await
}

pub async fn publish_listing(listing: &NewListing) -> Answer<Listing> {
    post("/api/listings", listing).await
}

pub async fn change_listing(id: &str, patch_: &ListingPatch) -> Answer<Listing> {
    patch(&format!("/api/listings/{}", segment(id)), patch_).await
}

pub async fn renew_listing(id: &str) -> Answer<Listing> {
    post_empty(&format!("/api/listings/{}/renew", segment(id))).await
}

pub async fn request_exchange(request: &NewExchange) -> Answer<ExchangeView> {
    post("/api/exchanges", request).await
}

pub async fn exchange(id: &str) -> Answer<ExchangeView> {
    get(&format!("/api/exchanges/{}", segment(id))).await
}

fn exchange_step_path(id: &str, step: &str) -> String {
    format!("/api/exchanges/{}/{step}", segment(id))
}

/// A step without a body: `agree`, `decline`, `cancel`, `deliver`.
pub async fn exchange_step(id: &str, step: &str) -> Answer<ExchangeView> {
    post_empty(&exchange_step_path(id, step)).await
}

pub async fn accept_exchange(id: &str, body: &AcceptExchange) -> Answer<ExchangeView> {
    post(&exchange_step_path(id, "accept"), body).await
}

/// A step with a reason: `dispute`, or staff's `settle_cancel`.
pub async fn exchange_step_with_reason(id: &str, step: &str, body: &DisputeExchange) -> Answer<ExchangeView> {
    post(&exchange_step_path(id, step), body).await
}

pub async fn evaluate_exchange(id: &str, body: &NewEvaluation) -> Answer<ExchangeView> {
    post(&exchange_step_path(id, "evaluate"), body).await
}

pub async fn confirm_exchange(id: &str, key: &str) -> Answer<ExchangeView> {
    post_once::<(), _>(&exchange_step_path(id, "confirm"), None, key).await
}

pub async fn settle_exchange(id: &str, body: &SettleExchange, key: &str) -> Answer<ExchangeView> {
    post_once(&exchange_step_path(id, "settle"), Some(body), key).await
}

// Members.
pub async fn member_page(id: &str) -> Answer<MemberPage> {
    get(&format!("/api/members/{}/page", segment(id))).await
}

pub async fn add_member(request: &NewMember) -> Answer<MemberSummary> {
    post("/api/members", request).await
}

pub async fn change_member(id: &str, change: &MemberPatch) -> Answer<MemberSummary> {
    patch(&format!("/api/members/{}", segment(id)), change).await
}

/// `activate`, `deactivate` or `unlink_google`.
pub async fn member_step(id: &str, step: &str) -> Answer<MemberSummary> {
    post_empty(&format!("/api/members/{}/{step}", segment(id))).await
}

// Administration.
pub async fn settings() -> Answer<Settings> {
    get("/api/admin/settings").await
}

pub async fn change_settings(change: &SettingsPatch) -> Answer<Settings> {
    patch("/api/admin/settings", change).await
}

pub async fn set_legal_notice(notice: &LegalNotice) -> Answer<LegalNotice> {
    put("/api/admin/legal", notice).await
}

pub async fn abuse_signals() -> Answer<Vec<AbuseSignal>> {
    get("/api/admin/abuse_signals").await
}

pub async fn abuse_thresholds() -> Answer<AbuseThresholds> {
    get("/api/admin/abuse_thresholds").await
}

pub async fn set_abuse_thresholds(thresholds: &AbuseThresholds) -> Answer<AbuseThresholds> {
    put("/api/admin/abuse_thresholds", thresholds).await
}
