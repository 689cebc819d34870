//! `GET /v1/procedures` parameters are read by core (`motcua_core::api::params`, fuzzed
//! natively); a refusal becomes a 400 naming the parameter.

use crate::error::ApiError;
use motcua_core::api::params::ParamError;

impl From<ParamError> for ApiError {
    fn from(err: ParamError) -> Self {
        let text = err.message();
        ApiError::BadParameter {
            name: err.name,
            vi: text.vi,
            en: text.en,
        }
    }
}
