//! "Jetons d'intégration": my tokens, revoking one, and creating one (its secret shown once).

use crate::api::{self, ApiFailure};
use crate::components::button::BusyButton;
use crate::components::feedback::{Failure, Outcome, OutcomeView, confirm};
use crate::components::field::Choice;
use crate::components::field::TextField;
use crate::components::field::described_by;
use crate::components::form::{FieldErrors, FieldMessage};
use crate::components::icon::{self, Icon};
use crate::components::loaded::Loaded;
use crate::format;
use crate::i18n::{k, tr, use_i18n};
use crate::labels;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use seed_domain::auth::{CreatedToken, NewToken, Scope, TOKEN_DAYS_MAX, TokenInfo};
use seed_domain::membership::Role;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

const DEFAULT_DAYS: &str = "90";

#[component]
pub fn Tokens() -> impl IntoView {
    let i18n = use_i18n();
    let tokens = LocalResource::new(api::my_tokens);
    let outcome = RwSignal::new(None::<Outcome>);
    let created = RwSignal::new(None::<CreatedToken>);

    let revoke = move |token: TokenInfo| {
        if !confirm(&i18n.tf(k::TOKENS_REVOKE_CONFIRM, &[("name", &token.name)])) {
            return;
        }
        outcome.set(None);
        spawn_local(async move {
            match api::revoke_token(&token.id).await {
                Ok(()) => {
                    outcome.set(Some(Outcome::Done(k::TOKENS_REVOKED, vec![("name", token.name)])));
                    tokens.refetch();
                }
                Err(failure) => outcome.set(Some(Outcome::Failed(failure))),
            }
        });
    };

    let list = move |list: Vec<TokenInfo>| {
        if list.is_empty() {
            return view! { <p class="empty">{tr(k::TOKENS_EMPTY)}</p> }.into_any();
        }
        view! {
            <div class="overflow-auto">
                <table class="cards">
                    <thead>
                        <tr>
                            <th scope="col">{tr(k::TOKENS_COL_NAME)}</th>
                            <th scope="col">{tr(k::TOKENS_COL_SCOPES)}</th>
                            <th scope="col">{tr(k::TOKENS_COL_CREATED)}</th>
                            <th scope="col">{tr(k::TOKENS_COL_EXPIRES)}</th>
                            <th scope="col">{tr(k::TOKENS_COL_LAST_USED)}</th>
                            <th scope="col">{tr(k::TOKENS_COL_ACTIONS)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list.into_iter().map(|token| view! { <TokenRow token revoke /> }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p>
                <small>{tr(k::COMMON_PARIS_TIME)}</small>
            </p>
        }
        .into_any()
    };

    view! {
        <section aria-labelledby="tokens-title">
            <h2 id="tokens-title">{tr(k::TOKENS_TITLE)}</h2>
            <p>{tr(k::TOKENS_INTRO)}</p>
            <OutcomeView outcome />
            <Loaded resource=tokens loading=k::TOKENS_LOADING let:value>{list(value)}</Loaded>
            <NewTokenForm created on_created=Callback::new(move |()| tokens.refetch()) />
            {move || created.get().map(|token| view! { <Secret token created /> })}
        </section>
    }
}

#[component]
fn TokenRow(token: TokenInfo, revoke: impl Fn(TokenInfo) + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let scopes = token.scopes.clone();
    let created_at = token.created_at.clone();
    let expires_at = token.expires_at.clone();
    let last_used = token.last_used_at.clone();
    let scopes = move || scopes.iter().map(|s| i18n.t(labels::scope(*s))).collect::<Vec<_>>().join(", ");
    let last_used = move || match &last_used {
        Some(at) => format::datetime(at, i18n.lang()),
        None => i18n.t(k::TOKENS_NEVER_USED).to_owned(),
    };
    view! {
        <tr>
            <th scope="row" data-label=tr(k::TOKENS_COL_NAME)>{token.name.clone()}</th>
            <td data-label=tr(k::TOKENS_COL_SCOPES)>{scopes}</td>
            <td data-label=tr(k::TOKENS_COL_CREATED)>{move || format::datetime(&created_at, i18n.lang())}</td>
            <td data-label=tr(k::TOKENS_COL_EXPIRES)>{move || format::datetime(&expires_at, i18n.lang())}</td>
            <td data-label=tr(k::TOKENS_COL_LAST_USED)>{last_used}</td>
            <td data-label=tr(k::TOKENS_COL_ACTIONS)>
                <button type="button" class="secondary outline compact" on:click=move |_| revoke(token.clone())>
                    {tr(k::TOKENS_REVOKE)}
                </button>
            </td>
        </tr>
    }
}

#[component]
fn NewTokenForm(created: RwSignal<Option<CreatedToken>>, on_created: Callback<()>) -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let read = RwSignal::new(true);
    let write = RwSignal::new(false);
    let staff = RwSignal::new(false);
    let admin = RwSignal::new(false);
    let days = RwSignal::new(DEFAULT_DAYS.to_owned());
    let errors = FieldErrors::new();
    let failure = RwSignal::new(None::<ApiFailure>);
    let pending = RwSignal::new(false);
    // Only the scopes this person may give are offered.
    let offered = move |scope: Scope| session.role().is_some_and(|role| scope.allowed_for(role));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let role = session.role_untracked().unwrap_or(Role::Member);
        let scopes: Vec<Scope> =
            [(Scope::Read, read), (Scope::Write, write), (Scope::Staff, staff), (Scope::Admin, admin)]
                .into_iter()
                .filter(|(scope, checked)| checked.get_untracked() && scope.allowed_for(role))
                .map(|(scope, _)| scope)
                .collect();
        let request = NewToken {
            name: name.get_untracked().trim().to_owned(),
            scopes,
            // Not a number: 0, which the range check refuses with its message.
            expires_in_days: days.get_untracked().trim().parse().unwrap_or(0),
        };
        failure.set(None);
        let problems = request.validate(role);
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.clear();
        pending.set(true);
        created.set(None);
        spawn_local(async move {
            match api::create_token(&request).await {
                Ok(token) => {
                    created.set(Some(token));
                    name.set(String::new());
                    days.set(DEFAULT_DAYS.to_owned());
                    on_created.run(());
                }
                Err(f) => {
                    errors.set(f.field_errors().to_vec());
                    failure.set(Some(f));
                }
            }
            pending.set(false);
        });
    };

    let scope_box = move |scope: Scope, checked: RwSignal<bool>| {
        let id = match scope {
            Scope::Read => "token-scope-read",
            Scope::Write => "token-scope-write",
            Scope::Staff => "token-scope-staff",
            Scope::Admin => "token-scope-admin",
        };
        view! {
            <Choice id name="scopes" value=scope.as_str() checked on_change=Callback::new(move |on| checked.set(on))>
                <strong>{tr(labels::scope(scope))}</strong>
                " — "
                {tr(labels::scope_hint(scope))}
            </Choice>
        }
    };

    view! {
        <form on:submit=submit novalidate aria-labelledby="new-token-title">
            <h3 id="new-token-title">{tr(k::TOKENS_NEW_TITLE)}</h3>
            {move || failure.get().map(|failure| view! { <Failure failure /> })}
            <TextField id="token-name" field="name" label=k::TOKENS_NAME_LABEL value=name errors hint=k::TOKENS_NAME_HINT maxlength=60 />
            <fieldset aria-describedby=described_by("token-scopes", "scopes", errors, false, None)>
                <legend>{tr(k::TOKENS_SCOPES_LEGEND)}</legend>
                {scope_box(Scope::Read, read)}
                {scope_box(Scope::Write, write)}
                {move || offered(Scope::Staff).then(|| scope_box(Scope::Staff, staff))}
                {move || offered(Scope::Admin).then(|| scope_box(Scope::Admin, admin))}
                <FieldMessage errors field="scopes" id="token-scopes-error" />
            </fieldset>
            <TextField id="token-days" field="expires_in_days" label=k::TOKENS_DAYS_LABEL value=days errors hint=k::TOKENS_DAYS_HINT kind="number" min=1 max=TOKEN_DAYS_MAX />
            <BusyButton pending label=k::TOKENS_CREATE busy_label=k::TOKENS_CREATING />
        </form>
    }
}

/// The new token's secret, this once, with a copy button.
#[component]
fn Secret(token: CreatedToken, created: RwSignal<Option<CreatedToken>>) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(None::<bool>);
    let secret = token.token.clone();
    let copy = move |_| {
        let secret = secret.clone();
        spawn_local(async move {
            let ok = match clipboard() {
                Some(clipboard) => JsFuture::from(clipboard.write_text(&secret)).await.is_ok(),
                None => false,
            };
            copied.set(Some(ok));
        });
    };
    let name = token.info.name.clone();
    view! {
        <article class="secret" aria-labelledby="secret-title">
            <h3 id="secret-title">{move || i18n.tf(k::TOKENS_CREATED_TITLE, &[("name", &name)])}</h3>
            <p class="warning">
                <Icon svg=icon::TRIANGLE_ALERT />
                " "
                <strong>{tr(k::TOKENS_CREATED_WARNING)}</strong>
            </p>
            <pre><code>{token.token.clone()}</code></pre>
            <p>
                <small>{tr(k::TOKENS_CREATED_HINT)}</small>
            </p>
            <div role="status">
                {move || match copied.get() {
                    Some(true) => Some(tr(k::TOKENS_COPIED)()),
                    Some(false) => Some(tr(k::TOKENS_COPY_FAILED)()),
                    None => None,
                }}
            </div>
            <div class="actions">
                <button type="button" on:click=copy>
                    <Icon svg=icon::COPY />
                    " "
                    {tr(k::TOKENS_COPY)}
                </button>
                <button type="button" class="secondary" on:click=move |_| created.set(None)>
                    {tr(k::TOKENS_DONE)}
                </button>
            </div>
        </article>
    }
}

/// The clipboard, when the browser offers one (secure pages only).
fn clipboard() -> Option<web_sys::Clipboard> {
    let navigator = web_sys::window()?.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
    if clipboard.is_undefined() || clipboard.is_null() { None } else { Some(navigator.clipboard()) }
}
