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

diesel::joinable!(accounts -> members (member_id));
diesel::allow_tables_to_appear_in_same_query!(members, accounts, jobs);
