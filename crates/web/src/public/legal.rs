//! `/public/mentions-legales`: the legal notice admins write, paragraph by paragraph.

use crate::api;
use crate::components::loaded::Loaded;
use crate::i18n::{k, tr};
use leptos::prelude::*;
use seed_domain::admin::LegalNotice;

/// The paragraphs of a plain text: separated by blank lines, their inner line breaks kept.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(line.trim_end());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[component]
pub fn Legal() -> impl IntoView {
    let notice = LocalResource::new(api::legal_notice);
    let content = move |notice: LegalNotice| {
        let paragraphs = paragraphs(&notice.text);
        if paragraphs.is_empty() {
            view! { <p class="empty">{tr(k::LEGAL_EMPTY)}</p> }.into_any()
        } else {
            paragraphs.into_iter().map(|p| view! { <p class="pre-line">{p}</p> }).collect_view().into_any()
        }
    };
    view! {
        <article class="legal">
            <h1>{tr(k::LEGAL_TITLE)}</h1>
            <Loaded resource=notice loading=k::LEGAL_LOADING let:value>{content(value)}</Loaded>
        </article>
    }
}
