//! Request bodies: read with a cap, and never left half-read.
//!
//! A Worker that answers without reading a streamed (chunked) body, or stops reading one it
//! has started (dropping the stream cancels it), leaves the connection in a state the runtime
//! may not recover from: in local workerd the NEXT request then hung for 20–90 s. So every
//! body the Worker does not read to the end is drained first ([`drain`]: read and thrown away),
//! within a byte and a time budget; past the budget the stream is cancelled and the runtime is
//! left to close the connection (a sender that streams more than 16 MiB or for longer than 2 s
//! into a refusal gets no better).

use crate::error::ApiError;
use futures_util::future::{select, Either};
use futures_util::StreamExt;
use std::pin::pin;
use std::time::Duration;
use worker::{ByteStream, Delay, Request};

/// Most bytes read and discarded after a refusal.
const DRAIN_MAX_BYTES: usize = 16 * 1024 * 1024;
/// Longest time spent discarding a refused body.
const DRAIN_MAX_TIME: Duration = Duration::from_secs(2);

/// Reads the body, refusing more than `max` bytes: first by the declared `Content-Length`
/// (nothing is read; the platform knows where such a body ends), then by counting what
/// actually arrives (chunked or lying senders), draining the rest before refusing.
pub async fn read_capped(req: &mut Request, max: usize) -> Result<Vec<u8>, ApiError> {
    let declared = req.headers().get("Content-Length")?;
    if let Some(length) = declared.and_then(|l| l.trim().parse::<u64>().ok()) {
        if length > max as u64 {
            return Err(ApiError::PayloadTooLarge { limit: max });
        }
    }
    let Ok(mut stream) = req.stream() else {
        // No body at all.
        return Ok(Vec::new());
    };
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        if body.len() + chunk.len() > max {
            drain(stream).await;
            return Err(ApiError::PayloadTooLarge { limit: max });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Drains the body of a request the handler did not read (a refusal before the body: wrong
/// content type, unknown route, wrong method…). `raw` is the request as the runtime gave it.
pub async fn drain_unread(raw: &worker::web_sys::Request) {
    if raw.body_used() {
        return;
    }
    if let Some(body) = raw.body() {
        drain(ByteStream::from(body)).await;
    }
}

/// Reads and discards what is left of `stream`, within the budget; then drops it (which
/// cancels it if anything is left).
async fn drain(mut stream: ByteStream) {
    let reading = async {
        let mut discarded = 0usize;
        while let Some(Ok(chunk)) = stream.next().await {
            discarded += chunk.len();
            if discarded > DRAIN_MAX_BYTES {
                break;
            }
        }
    };
    if let Either::Right(_) = select(pin!(reading), pin!(Delay::from(DRAIN_MAX_TIME))).await {
        worker::console_warn!("a refused request body was still arriving after 2 s; dropped");
    }
}
