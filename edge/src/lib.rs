//! motcua's edge: a Cloudflare Worker that answers procedure lookups and dossier status.
//!
//! Thin by design: parse the request, call `motcua_core`, render JSON. Static files (the demo
//! page, `embed.js`, the built widget) are served by Workers Static Assets before this code runs
//! (their headers: `public/_headers`); everything under `/v1/`, and the iframe fallback's page
//! `/embed/frame`, lands here, and [`ROUTES`] says where it goes and who may read it
//! cross-origin. Every answer leaves through [`fetch`]: the
//! route's CORS headers, the security headers ([`http::secure`]), and any request body the
//! handler did not read drained first ([`body`]).

mod body;
mod catalog;
mod dossiers;
mod embed;
mod error;
mod health;
mod http;
mod procedures;

use error::ApiError;
use motcua_core::access::OriginVerdict;
use worker::{event, Context, Env, Method, Request, Response, Result};

/// The methods a route answers (and OPTIONS, on every route: `Allow` and the CORS preflight).
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
    EmbedFrame,
}

/// Who may read a route's answers from a web page of another origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Readers {
    /// Public catalog data: any page.
    Anyone,
    /// A citizen's dossier: the portals of `ALLOWED_ORIGINS`; other sites' pages are refused
    /// (403) before anything is looked up or counted.
    Portals,
    /// Signed server-to-server calls: no browser.
    Servers,
    /// A page shown in the portals' iframes, not read by their scripts: no CORS headers (its
    /// policy's `frame-ancestors` says who may frame it).
    Framed,
}

impl Readers {
    /// The CORS headers for this request, or the refusal of another site's page.
    fn cors(self, req: &Request, env: &Env) -> std::result::Result<http::Cors, ApiError> {
        Ok(match self {
            Readers::Anyone => http::Cors::Any,
            Readers::Servers | Readers::Framed => http::Cors::None,
            Readers::Portals => match http::origin_verdict(req, env) {
                OriginVerdict::Allowed(origin) => http::Cors::Origin(origin),
                OriginVerdict::NotCors => http::Cors::VaryOnly,
                OriginVerdict::Refused => return Err(ApiError::origin_not_allowed()),
            },
        })
    }
}

struct Route {
    /// Segments after the first `/`; `{…}` matches any one segment (passed percent-decoded).
    path: &'static str,
    methods: Methods,
    endpoint: Endpoint,
    readers: Readers,
}

/// Every route of the API, in matching order. A request goes to the first route whose path
/// fits: if the method fits too, its endpoint answers; OPTIONS gets `Allow` (and the CORS
/// preflight); another method is a 405 with that route's `Allow`. A path no route fits is a
/// 404, OPTIONS included. (So `GET /v1/dossiers/events` is a 405 that allows POST, not a
/// lookup of the code `events`.)
const ROUTES: &[Route] = &[
    route(
        "v1/health",
        Methods::Read,
        Endpoint::Health,
        Readers::Anyone,
    ),
    route(
        "v1/procedures",
        Methods::Read,
        Endpoint::ProcedureSearch,
        Readers::Anyone,
    ),
    route(
        "v1/procedures/{code}",
        Methods::Read,
        Endpoint::Procedure,
        Readers::Anyone,
    ),
    route(
        "v1/facets",
        Methods::Read,
        Endpoint::Facets,
        Readers::Anyone,
    ),
    route(
        "v1/catalog",
        Methods::Read,
        Endpoint::Catalog,
        Readers::Anyone,
    ),
    route(
        "v1/catalog/index",
        Methods::Read,
        Endpoint::CatalogIndex,
        Readers::Anyone,
    ),
    route(
        "v1/dossiers/events",
        Methods::Post,
        Endpoint::DossierEvents,
        Readers::Servers,
    ),
    route(
        "v1/dossiers/{code}",
        Methods::Read,
        Endpoint::Dossier,
        Readers::Portals,
    ),
    route(
        "embed/frame",
        Methods::Read,
        Endpoint::EmbedFrame,
        Readers::Framed,
    ),
];

const fn route(
    path: &'static str,
    methods: Methods,
    endpoint: Endpoint,
    readers: Readers,
) -> Route {
    Route {
        path,
        methods,
        endpoint,
        readers,
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
            Endpoint::Health => Ok(health::get()?),
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
            Endpoint::EmbedFrame => Ok(embed::frame(&req, env)?),
        }
    }
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    // The same JS object (not `Request.clone()`, which would tee the body).
    let raw = Clone::clone(req.inner());
    let (answer, cors) = dispatch(req, &env).await;
    let mut response = match answer {
        Ok(response) => response,
        Err(err) => err.into_response()?,
    };
    body::drain_unread(&raw).await;
    cors.apply(&mut response)?;
    http::secure(&mut response)?;
    Ok(response)
}

/// The answer, and the CORS headers it gets (public ones for paths no route fits).
async fn dispatch(
    req: Request,
    env: &Env,
) -> (std::result::Result<Response, ApiError>, http::Cors) {
    // worker's `Method` maps methods it doesn't know (QUERY, PROPFIND…) to GET: decide on the
    // method as sent instead.
    let method = match req.inner().method().as_str() {
        "GET" | "HEAD" | "POST" | "OPTIONS" => req.method(),
        _ => Method::Trace,
    };
    let path = req.path();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let Some((route, param)) = ROUTES
        .iter()
        .find_map(|route| route.fits(&segments).map(|param| (route, param)))
    else {
        return (Err(ApiError::not_found_path()), http::Cors::Any);
    };
    let cors = match route.readers.cors(&req, env) {
        Ok(cors) => cors,
        Err(refused) => return (Err(refused), http::Cors::VaryOnly),
    };
    let answer = if method == Method::Options {
        http::options(&req, route.methods.allow(), &cors).map_err(ApiError::from)
    } else if route.methods.allows(&method) {
        route.endpoint.call(req, env, param).await
    } else {
        Err(ApiError::MethodNotAllowed {
            allow: route.methods.allow(),
        })
    };
    (answer, cors)
}
