// One portable schema for both backends; `migrations/{sqlite,postgresql}` create the same tables.

diesel::table! {
    members (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        role -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        oidc_issuer -> Nullable<Text>,
        oidc_subject -> Nullable<Text>,
        demo -> Bool,
    }
}

diesel::table! {
    accounts (id) {
        id -> Text,
        member_id -> Nullable<Text>,
        kind -> Text,
        balance -> BigInt,
        floor -> Nullable<BigInt>,
        ceiling -> Nullable<BigInt>,
        created_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    jobs (name) {
        name -> Text,
        period_seconds -> BigInt,
        next_run_at -> Timestamp,
        last_run_at -> Nullable<Timestamp>,
        last_run_by -> Nullable<Text>,
        runs -> BigInt,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        secret_hash -> Text,
        member_id -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        user_agent -> Nullable<Text>,
    }
}

diesel::table! {
    pending_sign_ins (state_hash) {
        state_hash -> Text,
        browser_hash -> Text,
        nonce -> Text,
        pkce_verifier -> Text,
        return_to -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        member_id -> Text,
        name -> Text,
        secret_hash -> Text,
        scopes -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        action -> Text,
        subject -> Nullable<Text>,
        detail -> Nullable<Text>,
        ip -> Nullable<Text>,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    transfers (id) {
        id -> Text,
        kind -> Text,
        from_account -> Text,
        to_account -> Text,
        amount -> BigInt,
        initiated_by -> Nullable<Text>,
        exchange_id -> Nullable<Text>,
        memo -> Text,
        reverses -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    postings (id) {
        id -> BigInt,
        transfer_id -> Text,
        account_id -> Text,
        amount -> BigInt,
        balance_after -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (owner, key) {
        owner -> Text,
        key -> Text,
        request_hash -> Text,
        response_status -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    listings (id) {
        id -> Text,
        kind -> Text,
        owner_id -> Text,
        title -> Text,
        description -> Text,
        skills -> Text,
        estimated_minutes -> Integer,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    exchanges (id) {
        id -> Text,
        listing_id -> Nullable<Text>,
        title -> Text,
        state -> Text,
        provider_id -> Text,
        beneficiary_id -> Text,
        requester_id -> Text,
        minutes -> Nullable<Integer>,
        amount -> Nullable<BigInt>,
        transfer_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
        auto_confirm_at -> Nullable<Timestamp>,
        reminded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    exchange_events (id) {
        id -> BigInt,
        exchange_id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        action -> Text,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    evaluations (exchange_id) {
        exchange_id -> Text,
        evaluator_id -> Text,
        by_staff -> Bool,
        rating -> Integer,
        comment -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        member_id -> Text,
        kind -> Text,
        exchange_id -> Nullable<Text>,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(accounts -> members (member_id));
diesel::joinable!(listings -> members (owner_id));
diesel::joinable!(exchange_events -> exchanges (exchange_id));
diesel::joinable!(notifications -> exchanges (exchange_id));
diesel::joinable!(postings -> transfers (transfer_id));
diesel::joinable!(postings -> accounts (account_id));
diesel::joinable!(sessions -> members (member_id));
diesel::joinable!(api_tokens -> members (member_id));
diesel::allow_tables_to_appear_in_same_query!(
    members,
    accounts,
    jobs,
    sessions,
    pending_sign_ins,
    api_tokens,
    audit_log,
    settings,
    transfers,
    postings,
    idempotency_keys,
    listings,
    exchanges,
    exchange_events,
    evaluations,
    notifications
);
