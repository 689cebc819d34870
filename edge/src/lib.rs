//! motcua's edge: a Cloudflare Worker that answers procedure lookups and dossier status.
//!
//! Thin by design: parse the request, call `motcua_core`, render JSON. Static files (the demo
//! page, `embed.js`, the built widget) are served by Workers Static Assets before this code runs;
//! everything under `/v1/` lands here, and [`ROUTES`] says where it goes.

mod catalog;
mod dossiers;
mod error;
mod health;
mod http;
mod log;
mod procedures;

use error::ApiError;
use worker::{
    event, Context, Env, Method, Request, Response, Result, ScheduleContext, ScheduledEvent,
};

/// The methods a route answers (OPTIONS is answered on every path: the CORS preflight).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Methods {
    /// GET and HEAD.
    Read,
    Post,
}

impl Methods {
    fn allows(self, method: &Method) -> bool {
        match self {
            Methods::Read => matches!(method, Method::Get | Method::Head),
            Methods::Post => matches!(method, Method::Post),
        }
    }

    /// The `Allow` header of a 405 on this route (RFC 9110).
    fn allow(self) -> &'static str {
        match self {
            Methods::Read => "GET, HEAD, OPTIONS",
            Methods::Post => "POST, OPTIONS",
        }
    }
}

/// What answers a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Health,
    ProcedureSearch,
    Procedure,
    Facets,
    Catalog,
    CatalogIndex,
    DossierEvents,
    Dossier,
}

struct Route {
    /// Segments after the first `/`; `{…}` matches any one segment (passed percent-decoded).
    path: &'static str,
    methods: Methods,
    endpoint: Endpoint,
}

/// Every route of the API, in matching order. A request goes to the first route whose path
/// and method both fit; a path that fits only routes of other methods is a 405 whose `Allow`
/// is the first such route's; any other path is a 404. (So `GET /v1/dossiers/events` is a
/// lookup of the code `events`, a 400, and `DELETE` there a 405 that allows POST.)
const ROUTES: &[Route] = &[
    route("v1/health", Methods::Read, Endpoint::Health),
    route("v1/procedures", Methods::Read, Endpoint::ProcedureSearch),
    route("v1/procedures/{code}", Methods::Read, Endpoint::Procedure),
    route("v1/facets", Methods::Read, Endpoint::Facets),
    route("v1/catalog", Methods::Read, Endpoint::Catalog),
    route("v1/catalog/index", Methods::Read, Endpoint::CatalogIndex),
    route("v1/dossiers/events", Methods::Post, Endpoint::DossierEvents),
    route("v1/dossiers/{code}", Methods::Read, Endpoint::Dossier),
];

const fn route(path: &'static str, methods: Methods, endpoint: Endpoint) -> Route {
    Route {
        path,
        methods,
        endpoint,
    }
}

impl Route {
    /// `Some` when the path fits, with the segment a `{…}` matched (empty when none).
    fn fits<'p>(&self, segments: &[&'p str]) -> Option<&'p str> {
        let pattern = self.path.split('/');
        if pattern.clone().count() != segments.len() {
            return None;
        }
        let mut param = "";
        for (expected, segment) in pattern.zip(segments) {
            if expected.starts_with('{') {
                param = segment;
            } else if expected != *segment {
                return None;
            }
        }
        Some(param)
    }
}

impl Endpoint {
    async fn call(
        self,
        req: Request,
        env: &Env,
        param: &str,
    ) -> std::result::Result<Response, ApiError> {
        match self {
            Endpoint::Health => Ok(health::get(env).await?),
            Endpoint::ProcedureSearch => procedures::api::search(&req, env).await,
            Endpoint::Procedure => {
                procedures::api::detail(&req, env, &http::decode_segment(param)).await
            }
            Endpoint::Facets => procedures::api::facets(env).await,
            Endpoint::Catalog => catalog::api::meta(env).await,
            Endpoint::CatalogIndex => catalog::api::index(&req, env).await,
            Endpoint::DossierEvents => dossiers::api::ingest(req, env).await,
            Endpoint::Dossier => {
                dossiers::api::lookup(req, env, &http::decode_segment(param)).await
            }
        }
    }
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let started = log::Started::now(&req);
    let route = route_pattern(&req);
    let response = match dispatch(req, &env).await {
        Ok(response) => response,
        Err(err) => err.into_response()?,
    };
    let mut response = http::with_cors(response);
    let _ = response.headers_mut().set("X-Request-Id", started.id());
    started.log(route, response.status_code());
    Ok(response)
}

/// The Cron Trigger: refresh the catalog from `CATALOG_FEED_URL` (see `catalog::refresh`).
#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    catalog::refresh::run(&env).await;
}

/// The pattern of the first route whose path fits (what the request log names), or `unmatched`.
fn route_pattern(req: &Request) -> &'static str {
    let path = req.path();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    ROUTES
        .iter()
        .find(|r| r.fits(&segments).is_some())
        .map_or("unmatched", |r| r.path)
}

async fn dispatch(req: Request, env: &Env) -> std::result::Result<Response, ApiError> {
    // worker's `Method` maps methods it doesn't know (QUERY, PROPFIND…) to GET: decide on the
    // method as sent instead.
    let method = match req.inner().method().as_str() {
        "GET" | "HEAD" | "POST" | "OPTIONS" => req.method(),
        _ => Method::Trace,
    };
    if method == Method::Options {
        return Ok(http::preflight()?);
    }
    let path = req.path();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let mut allow = None;
    for route in ROUTES {
        let Some(param) = route.fits(&segments) else {
            continue;
        };
        if route.methods.allows(&method) {
            return route.endpoint.call(req, env, param).await;
        }
        allow.get_or_insert(route.methods.allow());
    }
    Err(match allow {
        Some(allow) => ApiError::MethodNotAllowed { allow },
        None => ApiError::not_found_path(),
    })
}
