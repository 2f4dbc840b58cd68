//! Who is signed in: `GET /api/me`, loaded once when the app starts and reloaded after a
//! sign-in or a sign-out, available to every component.

use crate::api::{self, ApiFailure};
use leptos::prelude::*;
use leptos::task::spawn_local;
use seed_domain::ErrorCode;
use seed_domain::auth::Me;
use seed_domain::membership::Role;

/// Where the session stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// `/api/me` has not answered yet.
    Loading,
    SignedOut,
    SignedIn(Box<Me>),
    /// `/api/me` failed (network, server): neither signed in nor out is known.
    Failed(ApiFailure),
}

#[derive(Debug, Clone, Copy)]
pub struct Session {
    state: RwSignal<SessionState>,
}

impl Session {
    /// Makes the session available to every component and starts loading it.
    pub fn provide() {
        let session = Session { state: RwSignal::new(SessionState::Loading) };
        provide_context(session);
        session.refresh();
    }

    /// The state (reactive).
    pub fn state(self) -> SessionState {
        self.state.get()
    }

    /// The signed-in person (reactive).
    pub fn me(self) -> Option<Me> {
        self.state.with(|s| match s {
            SessionState::SignedIn(me) => Some((**me).clone()),
            _ => None,
        })
    }

    /// The signed-in person's role (reactive).
    pub fn role(self) -> Option<Role> {
        self.state.with(|s| match s {
            SessionState::SignedIn(me) => Some(me.role),
            _ => None,
        })
    }

    /// The signed-in person's role, read without tracking (for event handlers).
    pub fn role_untracked(self) -> Option<Role> {
        self.state.with_untracked(|s| match s {
            SessionState::SignedIn(me) => Some(me.role),
            _ => None,
        })
    }

    /// The signed-in person's id, read without tracking.
    pub fn id_untracked(self) -> Option<String> {
        self.state.with_untracked(|s| match s {
            SessionState::SignedIn(me) => Some(me.id.clone()),
            _ => None,
        })
    }

    /// Reloads `/api/me` in the background.
    pub fn refresh(self) {
        spawn_local(async move { self.reload().await });
    }

    /// Reloads `/api/me`; the old state stays shown until the answer comes.
    pub async fn reload(self) {
        let state = match api::me().await {
            Ok(me) => SessionState::SignedIn(Box::new(me)),
            Err(failure) if failure.is(ErrorCode::NotSignedIn) => SessionState::SignedOut,
            Err(failure) => SessionState::Failed(failure),
        };
        self.state.set(state);
    }

    /// Ends this session (`POST /api/auth/logout`).
    pub async fn sign_out(self) -> Result<(), ApiFailure> {
        api::sign_out().await?;
        self.state.set(SessionState::SignedOut);
        Ok(())
    }

    /// Ends all my sessions (`POST /api/auth/logout_everywhere`).
    pub async fn sign_out_everywhere(self) -> Result<(), ApiFailure> {
        api::sign_out_everywhere().await?;
        self.state.set(SessionState::SignedOut);
        Ok(())
    }
}

pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(|| Session { state: RwSignal::new(SessionState::Loading) })
}
