//! `/v1/dossiers`: signed ingestion of one-stop events and the citizen's status lookup.
//! (Being written.)

use crate::error::ApiError;
use worker::{Env, Request, Response};

pub async fn ingest(_req: Request, _env: &Env) -> Result<Response, ApiError> {
    Err(ApiError::not_found_path())
}

pub async fn lookup(_req: Request, _env: &Env, _code: &str) -> Result<Response, ApiError> {
    Err(ApiError::not_found_path())
}
