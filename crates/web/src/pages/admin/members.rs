//! `/admin/membres`: the members, for staff and admins. Admins add members, change roles,
//! deactivate and activate; staff and admins unlink a Google account.

use crate::api::{self, ApiFailure};
use crate::components::button::BusyButton;
use crate::components::feedback::{Failure, Loading, Outcome, OutcomeView, confirm};
use crate::components::field::{SelectField, TextField};
use crate::components::form::FieldErrors;
use crate::components::guard::RequireRole;
use crate::components::paged::{LoadState, MoreButton, Paged};
use crate::i18n::{Key, k, tr, use_i18n};
use crate::labels;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use seed_domain::membership::{MemberPatch, MemberStatus, MemberSummary, NewMember, Role};
use seed_domain::{ErrorCode, FieldError};

#[component]
pub fn Members() -> impl IntoView {
    view! {
        <RequireRole role=Role::Staff>
            <MembersPage />
        </RequireRole>
    }
}

/// What every row needs.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    paged: Paged<MemberSummary>,
    outcome: RwSignal<Option<Outcome>>,
    admin: bool,
    my_id: StoredValue<Option<String>>,
}

#[component]
fn MembersPage() -> impl IntoView {
    let session = use_session();
    let ctx = Ctx {
        paged: Paged::new(api::MEMBERS, |m: &MemberSummary| m.id.as_str()),
        outcome: RwSignal::new(None),
        admin: session.role_untracked() == Some(Role::Admin),
        my_id: StoredValue::new(session.id_untracked()),
    };
    let paged = ctx.paged;
    let list = move || match paged.first.get() {
        LoadState::Loading => view! { <Loading text=k::MEMBERS_LOADING /> }.into_any(),
        LoadState::Failed(failure) => {
            view! { <Failure failure retry=Callback::new(move |()| paged.reload()) /> }.into_any()
        }
        LoadState::Ready => view! {
            <Show
                when=move || paged.items.with(Vec::is_empty)
                fallback=move || view! { <MembersTable ctx /> }
            >
                <p class="empty">{tr(k::MEMBERS_EMPTY)}</p>
            </Show>
        }
        .into_any(),
    };
    view! {
        <hgroup>
            <h1>{tr(k::MEMBERS_TITLE)}</h1>
            <p>{tr(k::MEMBERS_INTRO)}</p>
        </hgroup>
        {ctx.admin.then(|| view! { <AddMember paged /> })}
        <section aria-labelledby="members-list-title">
            <h2 id="members-list-title">{tr(k::MEMBERS_LIST_TITLE)}</h2>
            <OutcomeView outcome=ctx.outcome />
            {list}
            <MoreButton paged />
        </section>
    }
}

#[component]
fn MembersTable(ctx: Ctx) -> impl IntoView {
    view! {
        <div class="overflow-auto">
            <table class="cards members">
                <thead>
                    <tr>
                        <th scope="col">{tr(k::MEMBERS_COL_NAME)}</th>
                        <th scope="col">{tr(k::MEMBERS_COL_EMAIL)}</th>
                        <th scope="col">{tr(k::MEMBERS_COL_ROLE)}</th>
                        <th scope="col">{tr(k::MEMBERS_COL_STATUS)}</th>
                        <th scope="col">{tr(k::MEMBERS_COL_GOOGLE)}</th>
                        <th scope="col">{tr(k::MEMBERS_COL_ACTIONS)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || ctx.paged.items.get()
                        key=|m| (m.id.clone(), m.role, m.status, m.google_linked, m.display_name.clone())
                        children=move |member| view! { <MemberRow member ctx /> }
                    />
                </tbody>
            </table>
        </div>
    }
}

/// Runs a step on a member (`activate`, `deactivate`, `unlink_google`) after the
/// confirmation, and shows the result.
fn act(ctx: Ctx, id: String, step: &'static str, question: String, done: Key) {
    if !confirm(&question) {
        return;
    }
    ctx.outcome.set(None);
    spawn_local(async move {
        match api::member_step(&id, step).await {
            Ok(updated) => {
                ctx.outcome.set(Some(Outcome::Done(done, vec![("name", updated.display_name.clone())])));
                let id = updated.id.clone();
                ctx.paged.replace(move |m| m.id == id, updated);
            }
            Err(failure) => ctx.outcome.set(Some(Outcome::Failed(failure))),
        }
    });
}

/// The roles, for a select.
fn role_options() -> Vec<(&'static str, Key)> {
    labels::ROLES.map(|role| (role.as_str(), labels::role(role))).to_vec()
}

#[component]
fn MemberRow(member: MemberSummary, ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let is_me = ctx.my_id.with_value(|id| id.as_deref() == Some(member.id.as_str()));
    let name = member.display_name.clone();
    let current_role = member.role;

    let role_cell = if ctx.admin && !is_me {
        let id = member.id.clone();
        let shown = RwSignal::new(current_role.as_str().to_owned());
        let row_name = name.clone();
        let on_change = Callback::new(move |chosen: String| {
            let Some(role) = Role::parse(&chosen) else {
                return;
            };
            if role == current_role {
                return;
            }
            let role_text = i18n.t(labels::role(role));
            if !confirm(&i18n.tf(k::MEMBERS_ROLE_CONFIRM, &[("name", &row_name), ("role", role_text)])) {
                return;
            }
            shown.set(chosen);
            let id = id.clone();
            let patch = MemberPatch { role: Some(role), display_name: None };
            ctx.outcome.set(None);
            spawn_local(async move {
                match api::change_member(&id, &patch).await {
                    Ok(updated) => {
                        ctx.outcome.set(Some(Outcome::Done(
                            k::MEMBERS_ROLE_CHANGED,
                            vec![("name", updated.display_name.clone()), ("role", role_text.to_owned())],
                        )));
                        let id = updated.id.clone();
                        ctx.paged.replace(move |m| m.id == id, updated);
                    }
                    Err(failure) => {
                        shown.set(current_role.as_str().to_owned());
                        ctx.outcome.set(Some(Outcome::Failed(failure)));
                    }
                }
            });
        });
        view! {
            <SelectField
                id=format!("member-role-{}", member.id)
                field="role"
                label=k::MEMBERS_ROLE_LABEL
                label_args=vec![("name", name.clone())]
                compact=true
                options=role_options()
                value=shown
                on_change
            />
        }
        .into_any()
    } else {
        view! { <span>{tr(labels::role(current_role))}</span> }.into_any()
    };

    let status_button = (ctx.admin && !is_me).then(|| {
        let (label, question, action, done) = match member.status {
            MemberStatus::Active => {
                (k::MEMBERS_DEACTIVATE, k::MEMBERS_DEACTIVATE_CONFIRM, "deactivate", k::MEMBERS_DEACTIVATED)
            }
            MemberStatus::Pending => {
                (k::MEMBERS_ACTIVATE, k::MEMBERS_ACTIVATE_CONFIRM, "activate", k::MEMBERS_ACTIVATED)
            }
            MemberStatus::Inactive => {
                (k::MEMBERS_REACTIVATE, k::MEMBERS_REACTIVATE_CONFIRM, "activate", k::MEMBERS_ACTIVATED)
            }
        };
        let id = member.id.clone();
        let name = name.clone();
        let class = if member.status == MemberStatus::Active { "secondary compact" } else { "compact" };
        view! {
            <button
                type="button"
                class=class
                on:click=move |_| act(ctx, id.clone(), action, i18n.tf(question, &[("name", &name)]), done)
            >
                {tr(label)}
            </button>
        }
    });

    let unlink_button = (member.google_linked && !is_me).then(|| {
        let id = member.id.clone();
        let name = name.clone();
        let email = member.email.clone();
        view! {
            <button
                type="button"
                class="secondary outline compact"
                on:click=move |_| {
                    act(
                        ctx,
                        id.clone(),
                        "unlink_google",
                        i18n.tf(k::MEMBERS_UNLINK_CONFIRM, &[("name", &name), ("email", &email)]),
                        k::MEMBERS_UNLINKED,
                    )
                }
            >
                {tr(k::MEMBERS_UNLINK)}
            </button>
        }
    });

    let google = if member.google_linked { k::MEMBERS_GOOGLE_LINKED } else { k::MEMBERS_GOOGLE_NOT_LINKED };
    view! {
        <tr>
            <th scope="row" data-label=tr(k::MEMBERS_COL_NAME)>
                {member.display_name.clone()}
                {is_me.then(|| view! { " " <small>{tr(k::MEMBERS_YOU)}</small> })}
            </th>
            <td data-label=tr(k::MEMBERS_COL_EMAIL) class="email">{member.email.clone()}</td>
            <td data-label=tr(k::MEMBERS_COL_ROLE)>{role_cell}</td>
            <td data-label=tr(k::MEMBERS_COL_STATUS)>
                <span class=format!("status {}", member.status.as_str())>{tr(labels::status(member.status))}</span>
            </td>
            <td data-label=tr(k::MEMBERS_COL_GOOGLE)>{tr(google)}</td>
            <td data-label=tr(k::MEMBERS_COL_ACTIONS) class="actions">{status_button} {unlink_button}</td>
        </tr>
    }
}

/// "Ajouter un membre" (admins).
#[component]
fn AddMember(paged: Paged<MemberSummary>) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Member);
    let errors = FieldErrors::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let pending = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = NewMember {
            email: email.get_untracked().trim().to_owned(),
            display_name: name.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
        };
        outcome.set(None);
        failure.set(None);
        let problems = request.validate();
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.clear();
        pending.set(true);
        spawn_local(async move {
            match api::add_member(&request).await {
                Ok(member) => {
                    outcome.set(Some(Outcome::Done(
                        k::MEMBERS_ADDED,
                        vec![("name", member.display_name.clone())],
                    )));
                    paged.items.update(|items| items.insert(0, member));
                    email.set(String::new());
                    name.set(String::new());
                    role.set(Role::Member);
                }
                Err(f) if f.is(ErrorCode::Conflict) => {
                    errors.set(vec![FieldError::new("email", "email_taken")]);
                }
                Err(f) => {
                    errors.set(f.field_errors().to_vec());
                    failure.set(Some(f));
                }
            }
            pending.set(false);
        });
    };

    view! {
        <section aria-labelledby="add-member-title">
            <h2 id="add-member-title">{tr(k::MEMBERS_ADD_TITLE)}</h2>
            <p>{tr(k::MEMBERS_ADD_INTRO)}</p>
            <form on:submit=submit novalidate>
                {move || failure.get().map(|failure| view! { <Failure failure /> })}
                <div class="grid">
                    <div>
                        <TextField id="member-email" field="email" label=k::MEMBERS_ADD_EMAIL value=email errors kind="email" />
                    </div>
                    <div>
                        <TextField id="member-name" field="display_name" label=k::MEMBERS_ADD_NAME value=name errors />
                    </div>
                    <div>
                        <SelectField
                            id="member-role"
                            field="role"
                            label=k::MEMBERS_ADD_ROLE
                            options=role_options()
                            value=Signal::derive(move || role.get().as_str().to_owned())
                            on_change=Callback::new(move |chosen: String| {
                                if let Some(r) = Role::parse(&chosen) {
                                    role.set(r);
                                }
                            })
                        />
                    </div>
                </div>
                <BusyButton pending label=k::MEMBERS_ADD_SUBMIT busy_label=k::MEMBERS_ADD_PENDING />
                <OutcomeView outcome />
            </form>
        </section>
    }
}
