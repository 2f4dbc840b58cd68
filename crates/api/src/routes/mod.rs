//! Every route of the API, registered in one place.

pub mod accounts;
pub mod admin;
pub mod auth;
pub mod exchanges;
pub mod listings;
pub mod me;
pub mod members;
pub mod notifications;
pub mod public;
pub mod statements;
pub mod system;
pub mod transfers;

use utoipa_actix_web::service_config::ServiceConfig;

/// The routes under `/api`, each documented by its `#[utoipa::path]`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(system::get_health)
        .service(system::get_ready)
        .service(auth::start_sign_in)
        .service(auth::finish_sign_in)
        .service(auth::sign_out)
        .service(auth::sign_out_everywhere)
        .service(auth::list_demo_people)
        .service(auth::demo_sign_in)
        .service(me::get_me)
        .service(me::list_my_sessions)
        .service(me::revoke_my_session)
        .service(me::list_my_tokens)
        .service(me::create_my_token)
        .service(me::revoke_my_token)
        .service(members::list_members)
        .service(members::create_member)
        .service(members::update_member)
        .service(members::deactivate_member)
        .service(members::activate_member)
        .service(members::unlink_member_google)
        .service(admin::list_audit_entries)
        .service(admin::get_settings)
        .service(admin::update_settings)
        .service(admin::update_legal_notice)
        .service(public::get_legal_notice)
        .service(accounts::get_my_account)
        .service(statements::get_my_statement)
        .service(statements::export_my_statement)
        .service(accounts::list_accounts)
        .service(accounts::get_account)
        .service(accounts::set_account_limits)
        .service(statements::get_account_statement)
        .service(statements::export_account_statement)
        .service(transfers::list_payees)
        .service(transfers::create_transfer)
        .service(transfers::reverse_transfer)
        .service(transfers::create_adjustment)
        .service(accounts::settle_account)
        .service(admin::verify_books)
        .service(public::get_ts_rules)
        .service(public::get_texts)
        .service(admin::update_ts_rules)
        .service(listings::create_listing)
        .service(listings::list_listings)
        .service(listings::list_my_listings)
        .service(listings::get_listing)
        .service(listings::update_listing)
        .service(listings::renew_listing)
        .service(exchanges::create_exchange)
        .service(exchanges::list_my_exchanges)
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
        .service(notifications::list_my_notifications)
        .service(notifications::count_my_unread_notifications)
        .service(notifications::read_notification)
        .service(notifications::read_all_notifications)
        .service(members::get_member_page)
        .service(admin::list_abuse_signals)
        .service(admin::get_abuse_thresholds)
        .service(admin::update_abuse_thresholds);
}
