//! The search view's filters: level, field, agency and fully online, each offering what core's
//! facets counted over the local index for the text typed (how many each choice would give).
//! Folded away on a phone until asked for; a dimension the portal's `data-scope` fixes is not
//! offered.

use crate::options::Scope;
use leptos::prelude::*;
use motcua_core::catalog::{Level, OnlineLevel};
use motcua_core::messages::{Lang, Message, Ui};
use motcua_core::search::{Facets, Query};

/// Choices listed per dimension: the commonest; the one picked is always among them.
const MAX_CHOICES: usize = 30;

/// What the citizen narrowed the search to, beyond the portal's scope.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Picked {
    pub level: Option<Level>,
    pub field: Option<String>,
    pub agency: Option<String>,
    pub fully_online: bool,
}

impl Picked {
    /// How many filters are on.
    pub fn count(&self) -> usize {
        usize::from(self.level.is_some())
            + usize::from(self.field.is_some())
            + usize::from(self.agency.is_some())
            + usize::from(self.fully_online)
    }

    /// The portal's query for a text with these filters added where the scope leaves room;
    /// facets are counted only when `facets` (the filters are open and show them).
    pub fn query(&self, scope: &Scope, text: &str, limit: usize, facets: bool) -> Query {
        let mut query = scope.query(text, limit);
        query.skip_facets = !facets;
        query.level = query.level.or(self.level);
        query.field = query.field.or_else(|| self.field.clone());
        query.agency = query.agency.or_else(|| self.agency.clone());
        query.online = self.fully_online.then_some(OnlineLevel::Full);
        query
    }
}

/// A field's or an agency's count in [`Facets`].
type NamedCount = (std::sync::Arc<str>, usize);

/// One `<option>`: value, text, whether picked.
type Choice = (String, String, bool);

fn choices<T>(
    lang: Lang,
    counts: &[(T, usize)],
    picked: Option<&str>,
    value: impl Fn(&T) -> String,
    label: impl Fn(&T) -> String,
) -> Vec<Choice> {
    let mut out: Vec<Choice> = counts
        .iter()
        .take(MAX_CHOICES)
        .map(|(item, n)| {
            let v = value(item);
            let text = Ui::OptionCount.fill(lang, &[("name", &label(item)), ("n", n)]);
            let on = picked == Some(v.as_str());
            (v, text, on)
        })
        .collect();
    // A pick the text no longer matches stays visible (and removable).
    if let Some(p) = picked.filter(|p| !out.iter().any(|c| c.0 == *p)) {
        out.push((p.to_string(), p.to_string(), true));
    }
    out
}

/// The filters, above the results; hidden until there is something to filter.
///
/// Folded, they show no counts, so `open` tells the search whether to count facets: while
/// folded (as they start), a keystroke neither counts nor re-renders up to 90 `<option>`s.
///
/// Their controls are rendered the first time they are unfolded (and then stay, so focus stays
/// on them as the results change): the keystroke that first shows the filters renders only
/// their summary.
#[component]
pub fn Filters(
    lang: Lang,
    scope: Scope,
    facets: Memo<Option<Facets>>,
    picked: RwSignal<Picked>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let details = NodeRef::<leptos::html::Details>::new();
    let summary = move || match picked.with(Picked::count) {
        0 => Ui::Filters.text(lang).to_string(),
        n => Ui::FiltersOn.fill(lang, &[("n", &n)]),
    };
    let unfolded =
        Memo::new(move |seen: Option<&bool>| seen.copied().unwrap_or(false) || open.get());
    let grid = move || {
        let scope = scope.clone();
        unfolded
            .get()
            .then(|| view! { <FilterGrid lang scope facets picked /> })
    };
    view! {
        <details class="filters" node_ref=details
            on:toggle=move |_| open.set(details.get_untracked().is_some_and(|d| d.open()))>
            <summary>{summary}</summary>
            {grid}
        </details>
    }
}

/// The filters' controls: a `<select>` per dimension the scope leaves open, "fully online", and
/// "clear" once something is picked.
#[component]
fn FilterGrid(
    lang: Lang,
    scope: Scope,
    facets: Memo<Option<Facets>>,
    picked: RwSignal<Picked>,
) -> impl IntoView {
    let level = scope.level.is_none().then(|| {
        let options = Signal::derive(move || {
            let on = picked.with(|p| p.level.map(Level::as_str));
            facets.with(|f| {
                let counts = f.as_ref().map_or(&[][..], |f| &f.levels[..]);
                choices(
                    lang,
                    counts,
                    on,
                    |l| l.as_str().to_string(),
                    |l| l.label(lang).to_string(),
                )
            })
        });
        let pick = move |value: String| {
            let level = Level::ALL.into_iter().find(|l| l.as_str() == value);
            picked.update(|p| p.level = level);
        };
        view! { <Choose lang id="motcua-f-level" label=Ui::Levels.text(lang) options pick /> }
    });
    let named = move |id: &'static str,
                      label: Ui,
                      get: fn(&Picked) -> Option<&String>,
                      set: fn(&mut Picked, Option<String>),
                      counts: fn(&Facets) -> &[NamedCount]| {
        let options = Signal::derive(move || {
            picked.with(|p| {
                let on = get(p).map(String::as_str);
                facets.with(|f| {
                    let list = f.as_ref().map_or(&[][..], counts);
                    choices(lang, list, on, |n| n.to_string(), |n| n.to_string())
                })
            })
        });
        let pick = move |value: String| {
            picked.update(|p| set(p, Some(value).filter(|v| !v.is_empty())));
        };
        view! { <Choose lang id label=label.text(lang) options pick /> }
    };
    let field = scope.field.is_none().then(|| {
        named(
            "motcua-f-field",
            Ui::Field,
            |p| p.field.as_ref(),
            |p, v| p.field = v,
            |f| &f.fields[..],
        )
    });
    let agency = scope.agency.is_none().then(|| {
        named(
            "motcua-f-agency",
            Ui::Agency,
            |p| p.agency.as_ref(),
            |p, v| p.agency = v,
            |f| &f.agencies[..],
        )
    });
    let online_count = move || {
        facets.with(|f| {
            f.as_ref()
                .and_then(|f| f.online.iter().find(|(o, _)| *o == OnlineLevel::Full))
                .map_or(0, |(_, n)| *n)
        })
    };
    view! {
            <div class="filter-grid">
                {level}
                {field}
                {agency}
                <label class="check" hidden=move || online_count() == 0 && !picked.with(|p| p.fully_online)>
                    <input type="checkbox" prop:checked=move || picked.with(|p| p.fully_online)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            picked.update(|p| p.fully_online = on);
                        } />
                    {move || Ui::FilterOnline.fill(lang, &[("n", &online_count())])}
                </label>
                <button type="button" class="secondary" hidden=move || picked.with(Picked::count) == 0
                    on:click=move |_| picked.set(Picked::default())>
                    {Ui::FiltersClear.text(lang)}
                </button>
            </div>
    }
}

/// One dimension's `<select>`: "Tất cả", then each choice with its count. The element stays
/// while its options follow the text typed, so focus stays on it as the results change.
#[component]
fn Choose(
    lang: Lang,
    id: &'static str,
    label: &'static str,
    options: Signal<Vec<Choice>>,
    pick: impl Fn(String) + 'static,
) -> impl IntoView {
    let list = move || {
        let options = options.get();
        let none = !options.iter().any(|c| c.2);
        let all = view! { <option value="" selected=none>{Ui::FilterAll.text(lang)}</option> };
        let rest = options
            .into_iter()
            .map(|(value, text, on)| view! { <option value=value selected=on>{text}</option> })
            .collect_view();
        (all, rest)
    };
    view! {
        <div class="filter">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| pick(event_target_value(&ev))>{list}</select>
        </div>
    }
}
