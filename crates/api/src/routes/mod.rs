//! Every route of the API, registered in one place.

pub mod admin;
pub mod auth;
pub mod exchanges;
pub mod ledger;
pub mod listings;
pub mod me;
pub mod members;
pub mod notifications;
pub mod paging;
pub mod system;

use utoipa_actix_web::service_config::ServiceConfig;

/// The routes under `/api`, each documented by its `#[utoipa::path]`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(system::health)
        .service(system::ready)
        .service(auth::login)
        .service(auth::callback)
        .service(auth::logout)
        .service(auth::logout_everywhere)
        .service(auth::demo_people)
        .service(auth::demo_sign_in)
        .service(me::me)
        .service(me::list_sessions)
        .service(me::revoke_session)
        .service(me::list_tokens)
        .service(me::create_token)
        .service(me::revoke_token)
        .service(members::list_members)
        .service(members::create_member)
        .service(members::update_member)
        .service(members::deactivate_member)
        .service(members::activate_member)
        .service(members::unlink_google)
        .service(admin::list_audit)
        .service(admin::get_settings)
        .service(admin::update_settings)
        .service(admin::update_legal)
        .service(admin::get_legal)
        .service(ledger::my_account)
        .service(ledger::my_statement)
        .service(ledger::my_statement_csv)
        .service(ledger::list_accounts)
        .service(ledger::get_account)
        .service(ledger::set_account_limits)
        .service(ledger::account_statement)
        .service(ledger::account_statement_csv)
        .service(ledger::payees)
        .service(ledger::create_transfer)
        .service(ledger::reverse_transfer)
        .service(ledger::create_adjustment)
        .service(ledger::settle_account)
        .service(ledger::verify_books)
        .service(ledger::get_ts_rules)
        .service(ledger::update_ts_rules)
        .service(listings::create_listing)
        .service(listings::list_listings)
        .service(listings::my_listings)
        .service(listings::get_listing)
        .service(listings::update_listing)
        .service(listings::renew_listing)
        .service(exchanges::create_exchange)
        .service(exchanges::list_exchanges)
        .service(exchanges::list_disputes)
        .service(exchanges::get_exchange)
        .service(exchanges::accept_exchange)
        .service(exchanges::agree_exchange)
        .service(exchanges::decline_exchange)
        .service(exchanges::cancel_exchange)
        .service(exchanges::deliver_exchange)
        .service(exchanges::confirm_exchange)
        .service(exchanges::dispute_exchange)
        .service(exchanges::settle_exchange)
        .service(exchanges::settle_cancel_exchange)
        .service(exchanges::evaluate_exchange)
        .service(notifications::list_notifications)
        .service(notifications::unread)
        .service(notifications::read_notification)
        .service(notifications::read_all)
        .service(notifications::member_page)
        .service(notifications::abuse_signals)
        .service(notifications::get_thresholds)
        .service(notifications::update_thresholds);
}
