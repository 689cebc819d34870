//! The widget's only door to the network: typed calls to the edge API over gloo-net.

use serde::Deserialize;

#[derive(Clone, Debug)]
pub enum ApiError {
    /// No answer (offline, DNS, CORS, timeout).
    Network,
    /// An answer we did not expect (status code).
    Status(u16),
    /// An answer we could not read.
    Decode,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}

async fn get_json<T: for<'de> Deserialize<'de>>(url: &str) -> Result<T, ApiError> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !response.ok() {
        return Err(ApiError::Status(response.status()));
    }
    response.json::<T>().await.map_err(|_| ApiError::Decode)
}

pub async fn health(api: &str) -> Result<Health, ApiError> {
    get_json(&format!("{api}/v1/health")).await
}
