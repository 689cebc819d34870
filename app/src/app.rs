//! The widget's frame: a title and two tabs, one per view (WAI-ARIA tabs pattern: arrow keys
//! move between tabs, both panels stay mounted so switching keeps what was typed).

use crate::nav::{Nav, View};
use crate::options::Options;
use crate::views::a11y::{aria_bool, focus};
use crate::views::detail::PortalUrl;
use crate::views::on_demand::lazy_status;
use crate::views::search::SearchView;
use crate::views::staged;
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use motcua_core::messages::Ui;
use std::sync::Arc;

/// A tab is a view.
type Tab = View;

trait TabIds {
    fn ids(self) -> (&'static str, &'static str);
}

impl TabIds for Tab {
    /// The ids of the tab button and of the panel it controls.
    fn ids(self) -> (&'static str, &'static str) {
        match self {
            Tab::Search => ("motcua-tab-search", "motcua-panel-search"),
            Tab::Status => ("motcua-tab-status", "motcua-panel-status"),
        }
    }
}

#[component]
pub fn App(options: Options, nav: Nav) -> impl IntoView {
    let lang = options.lang;
    let api: Arc<str> = options.api.into();
    let scope = options.scope;
    provide_context(nav);
    nav.follow_url();
    if let Some(url) = options.portal_url.clone() {
        provide_context(PortalUrl(url));
    }
    let tab = nav.view;
    // Once selected, the status tab stays mounted (what was typed is kept).
    let status_seen = Memo::new(move |seen: Option<&bool>| {
        seen.copied().unwrap_or(false) || tab.get() == Tab::Status
    });
    // A widget that opens on the search starts the catalog's download (and its engine's) in a
    // task of its own before that, the earliest it can: the search view then waits for the
    // same download (crate::api::catalog_index: one per page).
    if tab.get_untracked() == Tab::Search {
        let api = api.clone();
        set_timeout(
            move || crate::api::start_catalog_download(&api),
            std::time::Duration::ZERO,
        );
    }
    // The views come in a task of their own, after the card and its tabs (and after the
    // download's start). The reserved space keeps the page still meanwhile.
    let views = staged::next_task();
    let search_tab = NodeRef::<html::Button>::new();
    let status_tab = NodeRef::<html::Button>::new();

    let on_key = move |ev: KeyboardEvent| {
        let next = match ev.key().as_str() {
            "ArrowLeft" | "ArrowRight" => match tab.get_untracked() {
                Tab::Search => Tab::Status,
                Tab::Status => Tab::Search,
            },
            "Home" => Tab::Search,
            "End" => Tab::Status,
            _ => return,
        };
        ev.prevent_default();
        tab.set(next);
        focus(
            match next {
                Tab::Search => search_tab,
                Tab::Status => status_tab,
            }
            .get_untracked(),
        );
    };

    view! {
        <section class="card" aria-labelledby="motcua-title">
            <h2 id="motcua-title">{Ui::Title.text(lang)}</h2>
            <div class="tabs" role="tablist" aria-label=Ui::Tabs.text(lang) on:keydown=on_key>
                <TabButton tab=Tab::Search current=tab node=search_tab label=Ui::TabSearch.text(lang) />
                <TabButton tab=Tab::Status current=tab node=status_tab label=Ui::TabStatus.text(lang) />
            </div>
            <TabPanel tab=Tab::Search current=tab content={
                let api = api.clone();
                move || views.get().then(|| view! { <SearchView lang api=api.clone() scope=scope.clone() /> })
            } />
            // The status view's chunk is fetched the first time its tab is selected.
            <TabPanel tab=Tab::Status current=tab content=move || {
                (views.get() && status_seen.get()).then(|| lazy_status(lang, api.clone()))
            } />
        </section>
    }
}

/// A tab: only the selected one is in the Tab order (arrow keys reach the other).
#[component]
fn TabButton(
    tab: Tab,
    current: RwSignal<Tab>,
    node: NodeRef<html::Button>,
    label: &'static str,
) -> impl IntoView {
    let (id, panel) = tab.ids();
    let selected = move || current.get() == tab;
    view! {
        <button type="button" role="tab" id=id node_ref=node
            aria-controls=panel aria-selected=move || aria_bool(selected())
            tabindex=move || if selected() { "0" } else { "-1" } on:click=move |_| current.set(tab)>
            {label}
        </button>
    }
}

/// A tab's panel: hidden, not unmounted, while another tab is selected.
#[component]
fn TabPanel(tab: Tab, current: RwSignal<Tab>, content: impl IntoView + 'static) -> impl IntoView {
    let (id, panel) = tab.ids();
    view! {
        <div role="tabpanel" id=panel class="panel"
            aria-labelledby=id hidden=move || current.get() != tab>
            {content}
        </div>
    }
}
