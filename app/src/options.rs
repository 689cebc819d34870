//! What the webmaster can set on the script tag, as the loader passes it to [`crate::mount`]:
//! `api` and `lang` already resolved by the loader; `view`, `scope` and `portalUrl` as written
//! (`data-view`, `data-scope`, `data-portal-url`), read here. A value that cannot be read is
//! ignored with a console warning that names the attribute and what it accepts: a typo in a
//! portal's template never breaks the page, and its webmaster can see why.

use crate::nav::View;
use motcua_core::catalog::Level;
use motcua_core::messages::Lang;
use motcua_core::search::Query;
use wasm_bindgen::JsValue;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// API origin, without a trailing slash, e.g. `https://motcua.example.gov.vn`.
    pub api: String,
    pub lang: Lang,
    /// The view it opens on (`data-view`: `search` or `status`).
    pub view: View,
    /// What search is limited to (`data-scope`).
    pub scope: Scope,
    /// Where "submit online" sends citizens (`data-portal-url`): an absolute http(s) URL.
    pub portal_url: Option<String>,
}

/// What search is limited to: a commune portal shows only its procedures. Written
/// `data-scope="level:commune"`, `"field:Hộ tịch"`, `"agency:UBND xã Ia Grai"`, or several
/// joined by `;` (all must hold). Field and agency compare as core's filters do: without case
/// or diacritics.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub level: Option<Level>,
    pub field: Option<String>,
    pub agency: Option<String>,
}

const SCOPE_ACCEPTS: &str =
    "level:<ministry|province|district|commune|other>, field:<name>, agency:<name>, joined by \";\"";

impl Scope {
    /// Reads `data-scope`; each part it cannot read is ignored with a warning.
    pub fn parse(text: &str) -> Scope {
        let mut scope = Scope::default();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once(':').unwrap_or((part, ""));
            let value = value.trim();
            let read = match (key.trim(), value) {
                ("level", name) => {
                    let level = Level::ALL.into_iter().find(|l| l.as_str() == name);
                    scope.level = level.or(scope.level);
                    level.is_some()
                }
                ("field", name) if !name.is_empty() => {
                    scope.field = Some(name.to_string());
                    true
                }
                ("agency", name) if !name.is_empty() => {
                    scope.agency = Some(name.to_string());
                    true
                }
                _ => false,
            };
            if !read {
                warn_ignored("data-scope", part, SCOPE_ACCEPTS);
            }
        }
        scope
    }

    /// The query for `text` within this scope.
    pub fn query(&self, text: &str, limit: usize) -> Query {
        Query {
            text: text.to_string(),
            level: self.level,
            field: self.field.clone(),
            agency: self.agency.clone(),
            limit,
            skip_facets: true,
            ..Query::default()
        }
    }
}

/// Says on the console that an attribute's value was ignored, and what it accepts.
pub fn warn_ignored(attribute: &str, value: &str, accepts: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!(
        "motcua: {attribute}=\"{value}\" ignored; accepted: {accepts}"
    )));
}

/// An absolute http(s) URL, or `None`.
fn http_url(text: &str) -> Option<String> {
    let url = web_sys::Url::new(text.trim()).ok()?;
    matches!(url.protocol().as_str(), "https:" | "http:").then(|| url.href())
}

impl Options {
    pub fn from_js(value: &JsValue) -> Self {
        let get = |key: &str| {
            js_sys::Reflect::get(value, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string())
                .filter(|v| !v.trim().is_empty())
        };
        let api = get("api")
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_owned();
        let lang = Lang::parse(get("lang").as_deref().unwrap_or("vi"));
        let view = get("view").map_or_else(View::default, |text| {
            View::parse(&text).unwrap_or_else(|| {
                warn_ignored("data-view", &text, "search, status");
                View::default()
            })
        });
        let scope = get("scope")
            .map(|text| Scope::parse(&text))
            .unwrap_or_default();
        let portal_url = get("portalUrl").and_then(|text| {
            let url = http_url(&text);
            if url.is_none() {
                warn_ignored("data-portal-url", &text, "an absolute http(s) URL");
            }
            url
        });
        Options {
            api,
            lang,
            view,
            scope,
            portal_url,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    fn options(pairs: &[(&str, &str)]) -> Options {
        let object = js_sys::Object::new();
        for (key, value) in pairs {
            js_sys::Reflect::set(&object, &(*key).into(), &(*value).into()).unwrap();
        }
        Options::from_js(&object)
    }

    #[wasm_bindgen_test]
    fn scope_reads_each_part_and_skips_what_it_cannot() {
        assert_eq!(
            Scope::parse("level:commune; field: Hộ tịch ;agency:UBND xã Ia Grai"),
            Scope {
                level: Some(Level::Commune),
                field: Some("Hộ tịch".into()),
                agency: Some("UBND xã Ia Grai".into()),
            }
        );
        assert_eq!(
            Scope::parse("level:galaxy;colour:red;field:;;agency:Sở Tư pháp"),
            Scope {
                agency: Some("Sở Tư pháp".into()),
                ..Scope::default()
            }
        );
        let query = Scope::parse("level:province").query("khai sinh", 15);
        assert_eq!(query.level, Some(Level::Province));
        assert_eq!((query.text.as_str(), query.limit), ("khai sinh", 15));
        assert!(query.skip_facets);
    }

    #[wasm_bindgen_test]
    fn options_keep_what_they_can_read() {
        let read = options(&[
            ("api", "https://motcua.example.gov.vn/"),
            ("lang", "en"),
            ("view", "status"),
            ("scope", "level:commune"),
            ("portalUrl", "https://dichvucong.gialai.gov.vn/nop"),
        ]);
        assert_eq!(read.api, "https://motcua.example.gov.vn");
        assert_eq!(read.lang, Lang::En);
        assert_eq!(read.view, View::Status);
        assert_eq!(read.scope.level, Some(Level::Commune));
        assert_eq!(
            read.portal_url.as_deref(),
            Some("https://dichvucong.gialai.gov.vn/nop")
        );
        let bad = options(&[
            ("view", "map"),
            ("portalUrl", "javascript:alert(1)"),
            ("scope", " "),
        ]);
        assert_eq!(bad.view, View::Search);
        assert_eq!(bad.portal_url, None);
        assert_eq!(bad.scope, Scope::default());
        assert_eq!(options(&[("portalUrl", "/relative")]).portal_url, None);
    }
}
