//! The portal's side of a mounted widget: its commands in (`motcua('search', 'khai sinh')`,
//! relayed by the loader, or on the iframe path by the frame page), DOM events out on the host
//! element (`motcua:ready`, `motcua:search`, `motcua:procedure`, `motcua:status`).
//!
//! Commands move the widget's [`Nav`]; events say what a portal's analytics may know and nothing
//! personal: a search's text and result count, a procedure's code, a dossier's status code —
//! never the dossier's code, the applicant's name or the phone digits.

use crate::app::App;
use crate::nav::{Nav, Opened, Place, View};
use crate::options::{warn_ignored, Options};
use leptos::prelude::*;
use motcua_core::messages::Lang;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, Element, HtmlElement, ShadowRoot};

/// `motcua:search` waits for a pause in typing, like the count the widget announces.
const SEARCH_EVENT_DELAY: Duration = Duration::from_millis(500);

/// A widget on the page: re-rendered in place when the portal switches its language.
pub struct Mounted {
    host: Element,
    container: HtmlElement,
    options: RefCell<Options>,
    /// The `Nav` of the current render (commands move it).
    nav: Rc<Cell<Option<Nav>>>,
    /// The current render; dropping it unmounts it.
    render: RefCell<Option<Box<dyn Any>>>,
    /// Commands that came before the first render (the loader relays the portal's as soon as
    /// `mount` returns, a task before it): carried out once it is there.
    early: RefCell<Vec<(String, JsValue)>>,
}

thread_local! {
    /// Widgets live as long as the page, whether or not the loader keeps its handle.
    static MOUNTED: RefCell<Vec<Rc<Mounted>>> = RefCell::default();
}

impl Mounted {
    /// Renders the widget into `container` (inside `host`'s shadow root) and says it is ready.
    ///
    /// The render comes in a task of its own, after the one that adopted the stylesheet: on a
    /// slow phone each stays short (the browser compiles the wasm each part first calls as it
    /// goes), and the page's input is served between them.
    pub fn start(root: ShadowRoot, container: HtmlElement, options: Options) -> Rc<Mounted> {
        let place = Place {
            view: options.view,
            ..Place::default()
        };
        let mounted = Rc::new(Mounted {
            host: root.host(),
            container,
            options: RefCell::new(options),
            nav: Rc::default(),
            render: RefCell::default(),
            early: RefCell::default(),
        });
        MOUNTED.with(|all| all.borrow_mut().push(mounted.clone()));
        let first = mounted.clone();
        set_timeout(
            move || {
                if let Err(error) = replace_placeholder(&root, &first.container) {
                    web_sys::console::error_2(&"motcua:".into(), &error);
                    return;
                }
                first.render(place);
                for (name, arg) in first.early.take() {
                    first.command(&name, &arg);
                }
                // Ready once the view the citizen starts in is on the page: the app renders it
                // in a task after the card's (see `App`), and this timer, set after that one,
                // runs after it.
                let (host, lang) = (first.host.clone(), first.options.borrow().lang);
                set_timeout(
                    move || dispatch(&host, "motcua:ready", &[("lang", lang.code().into())]),
                    Duration::ZERO,
                );
            },
            Duration::ZERO,
        );
        mounted
    }

    fn render(&self, place: Place) {
        // The old render goes first (its signals with it): ids repeat between renders.
        self.render.borrow_mut().take();
        let options = self.options.borrow().clone();
        let _ = self.container.set_attribute("lang", options.lang.code());
        let (host, nav_slot) = (self.host.clone(), self.nav.clone());
        let handle = leptos::mount::mount_to(self.container.clone(), move || {
            let nav = Nav::at(place);
            nav_slot.set(Some(nav));
            Events::provide(host, nav);
            view! { <App options nav /> }
        });
        *self.render.borrow_mut() = Some(Box::new(handle));
    }

    /// One of the portal's commands: `search` (text), `open` (`{view, code}`), `lang` (`vi` or
    /// `en`). `close` belongs to the launcher (the loader); anything else is warned about.
    pub fn command(self: &Rc<Self>, name: &str, arg: &JsValue) {
        let Some(nav) = self.nav.get() else {
            self.early
                .borrow_mut()
                .push((name.to_string(), arg.clone()));
            return;
        };
        match name {
            "search" => {
                nav.procedure.set(None);
                nav.query.set(arg.as_string().unwrap_or_default());
                nav.view.set(View::Search);
            }
            "open" => open(nav, arg),
            "lang" => match arg.as_string().as_deref().map(str::trim) {
                Some(tag @ ("vi" | "en")) => self.switch_lang(Lang::parse(tag)),
                _ => warn_ignored("motcua('lang')", &describe(arg), "vi, en"),
            },
            "close" => {}
            other => warn_ignored("motcua(command)", other, "open, search, close, lang"),
        }
    }

    /// Re-renders in `lang`, where the citizen was. In a task of its own: effects of the
    /// current render that are still due (one just mounted has some) run before it goes.
    fn switch_lang(self: &Rc<Self>, lang: Lang) {
        if self.options.borrow().lang == lang {
            return;
        }
        self.options.borrow_mut().lang = lang;
        let mounted = self.clone();
        set_timeout(
            move || {
                let place = mounted.nav.get().map(Nav::place).unwrap_or_default();
                mounted.render(place);
            },
            Duration::ZERO,
        );
    }
}

/// The container of the latest widget mounted that is on the page, if any: where the search
/// engine lays out its warm-up rows unseen (views::results::warm_up), in the widget's own
/// styles. (Any widget of the page would do: what the browser keeps from laying them out, its
/// fonts and its styles, serves them all.)
pub fn a_container() -> Option<HtmlElement> {
    MOUNTED.with(|all| {
        all.borrow()
            .iter()
            .rev()
            .map(|mounted| mounted.container.clone())
            .find(|container| container.is_connected())
    })
}

/// Puts `container` in the loader's placeholder's stead (if any). The loader's quick search
/// (app/loader/quick.js) stays: it removes itself when it hands over to this widget. (By hand:
/// a shadow root is no element, so `:scope >` matches nothing under it.)
fn replace_placeholder(root: &ShadowRoot, container: &HtmlElement) -> Result<(), JsValue> {
    let children = root.child_nodes();
    for i in (0..children.length()).rev() {
        let Some(node) = children.item(i) else {
            continue;
        };
        let quick = node
            .dyn_ref::<Element>()
            .is_some_and(|e| e.has_attribute("data-motcua-quick"));
        if !quick {
            root.remove_child(&node)?;
        }
    }
    root.append_child(container)?;
    Ok(())
}

/// `open`: `{view: 'status', code}` looks a dossier up; `{code}` (or `view: 'search'`) opens a
/// procedure's detail; a view alone switches to it.
fn open(nav: Nav, arg: &JsValue) {
    let field = |key: &str| {
        js_sys::Reflect::get(arg, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let view = match field("view") {
        Some(text) => match View::parse(&text) {
            Some(view) => Some(view),
            None => return warn_ignored("motcua('open') view", &text, "search, status"),
        },
        None => None,
    };
    let code = field("code");
    match (view, code) {
        (Some(View::Status), code) => {
            nav.view.set(View::Status);
            if code.is_some() {
                nav.dossier.set(code);
            }
        }
        (_, Some(code)) => {
            nav.view.set(View::Search);
            nav.procedure.set(Some(Opened { code, name: None }));
        }
        (Some(View::Search), None) => nav.view.set(View::Search),
        (None, None) => warn_ignored("motcua('open')", &describe(arg), "{view, code}"),
    }
}

fn describe(value: &JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// What the widget tells the host page, as DOM events on the host element (they bubble, so a
/// portal may listen on `document`, and cross shadow roots: a launcher's panel is one).
#[derive(Clone, Copy)]
pub struct Events {
    host: StoredValue<Element, LocalStorage>,
    search_timer: StoredValue<Option<TimeoutHandle>>,
}

impl Events {
    /// Provides the events of this render, and sends `motcua:procedure` when the citizen opens
    /// one (not for the one a remount restores).
    fn provide(host: Element, nav: Nav) {
        let events = Events {
            host: StoredValue::new_local(host),
            search_timer: StoredValue::new(None),
        };
        provide_context(events);
        Effect::new(move |before: Option<Option<String>>| {
            let code = nav.procedure.with(|p| p.as_ref().map(|o| o.code.clone()));
            if let (Some(before), Some(now)) = (&before, &code) {
                if before.as_ref() != Some(now) {
                    events.send("motcua:procedure", &[("code", now.into())]);
                }
            }
            code
        });
    }

    /// The events of the widget being rendered (provided by [`Mounted`]).
    pub fn get() -> Events {
        expect_context::<Events>()
    }

    /// (A no-op once this render is gone: a timer may outlive it.)
    fn send(self, name: &str, detail: &[(&str, JsValue)]) {
        self.host
            .try_with_value(|host| dispatch(host, name, detail));
    }

    /// A search answered: sent once typing pauses, with the text and how many procedures match.
    pub fn searched(self, query: &str, total: usize) {
        if let Some(timer) = self.search_timer.try_get_value().flatten() {
            timer.clear();
        }
        let query = query.to_string();
        let timer = set_timeout_with_handle(
            move || {
                let total = u32::try_from(total).unwrap_or(u32::MAX);
                self.send(
                    "motcua:search",
                    &[("query", query.into()), ("results", total.into())],
                )
            },
            SEARCH_EVENT_DELAY,
        );
        self.search_timer.set_value(timer.ok());
    }

    /// A dossier was found: its status code (1–10) only.
    pub fn status(self, code: u8) {
        self.send("motcua:status", &[("status", code.into())]);
    }
}

fn dispatch(host: &Element, name: &str, detail: &[(&str, JsValue)]) {
    let object = js_sys::Object::new();
    for (key, value) in detail {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    // Out of a launcher's shadow root too, to its host and the document.
    init.set_composed(true);
    init.set_detail(&object);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser_tests::{shadow_host, sleep, until};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;
    use web_sys::{HtmlInputElement, ShadowRoot};

    /// A widget mounted in a fresh shadow root, and the events its host heard.
    fn mounted(lang: &str) -> (crate::Widget, ShadowRoot, Rc<RefCell<Vec<String>>>) {
        let root = shadow_host();
        let host = root.host();
        let heard = Rc::new(RefCell::new(Vec::new()));
        for name in ["motcua:ready", "motcua:procedure"] {
            let heard = heard.clone();
            let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
                let detail = event.unchecked_into::<web_sys::CustomEvent>().detail();
                let json = js_sys::JSON::stringify(&detail).unwrap();
                heard
                    .borrow_mut()
                    .push(format!("{} {}", name, String::from(json)));
            });
            host.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
                .unwrap();
            listener.forget();
        }
        let options = js_sys::Object::new();
        // Port 9 refuses: the index fails, which these tests do not need.
        js_sys::Reflect::set(&options, &"api".into(), &"http://127.0.0.1:9".into()).unwrap();
        js_sys::Reflect::set(&options, &"lang".into(), &lang.into()).unwrap();
        let widget = crate::mount(root.clone(), options.into()).unwrap();
        (widget, root, heard)
    }

    /// The value of the input `selector` finds, if it is there.
    fn value(root: &ShadowRoot, selector: &str) -> Option<String> {
        let input = root.query_selector(selector).ok()??;
        Some(input.unchecked_into::<HtmlInputElement>().value())
    }

    fn selected_tab(root: &ShadowRoot) -> Option<String> {
        let tab = root
            .query_selector("[role=tab][aria-selected=true]")
            .ok()??;
        Some(tab.id())
    }

    fn heading(root: &ShadowRoot) -> Option<String> {
        root.query_selector("h2").ok()??.text_content()
    }

    #[wasm_bindgen_test]
    async fn commands_move_the_widget_and_events_say_so() {
        let (widget, root, heard) = mounted("vi");
        // Ready comes once the view the citizen starts in is on the page, tasks after mount.
        assert!(heard.borrow().is_empty());
        until("motcua:ready", || !heard.borrow().is_empty()).await;
        assert_eq!(*heard.borrow(), [r#"motcua:ready {"lang":"vi"}"#]);
        assert!(root.query_selector("#motcua-q").unwrap().is_some());

        widget.command("search", "khai sinh".into());
        until("the query in the box", || {
            value(&root, "#motcua-q").as_deref() == Some("khai sinh")
        })
        .await;

        let open = js_sys::Object::new();
        js_sys::Reflect::set(&open, &"view".into(), &"status".into()).unwrap();
        js_sys::Reflect::set(&open, &"code".into(), &"not a code".into()).unwrap();
        widget.command("open", open.into());
        // The status view fills its form with what it was given (core refuses it on lookup).
        until("the status view with the code", || {
            selected_tab(&root).as_deref() == Some("motcua-tab-status")
                && value(&root, "#motcua-code").as_deref() == Some("not a code")
        })
        .await;

        let procedure = js_sys::Object::new();
        js_sys::Reflect::set(&procedure, &"code".into(), &"1.001193".into()).unwrap();
        widget.command("open", procedure.into());
        until("motcua:procedure", || {
            heard.borrow().last().map(String::as_str)
                == Some(r#"motcua:procedure {"code":"1.001193"}"#)
        })
        .await;
        assert_eq!(selected_tab(&root).as_deref(), Some("motcua-tab-search"));
        // Unknown commands and values change nothing.
        widget.command("fly", JsValue::UNDEFINED);
        widget.command("lang", "fr".into());
        sleep(50).await;
        assert_eq!(heading(&root).as_deref(), Some("Tra cứu dịch vụ công"));
    }

    #[wasm_bindgen_test]
    async fn switching_language_remounts_where_the_citizen_was() {
        let (widget, root, heard) = mounted("vi");
        // Right after mounting, before the first render: both wait for it.
        widget.command("search", "hộ tịch".into());
        widget.command("lang", "en".into());
        until("the English render with the query", || {
            heading(&root).as_deref() == Some("Public service lookup")
                && value(&root, "#motcua-q").as_deref() == Some("hộ tịch")
        })
        .await;
        let container = root.query_selector(".motcua").unwrap().unwrap();
        assert_eq!(container.get_attribute("lang").as_deref(), Some("en"));
        // One ready, one container: the old render is gone.
        until("motcua:ready", || !heard.borrow().is_empty()).await;
        sleep(50).await;
        assert_eq!(root.query_selector_all(".motcua").unwrap().length(), 1);
        assert_eq!(root.query_selector_all("h2").unwrap().length(), 1);
        assert_eq!(heard.borrow().len(), 1);
    }
}
