//! The pages' resources, with their data read by one JSON reader.
//!
//! A resource's value comes to the phone twice over: in the page's hydration data (text) and, on
//! every refetch, in a server function's answer (bytes). Leptos' default codec reads the first
//! with `serde_json::from_str` and server functions read the second with `from_slice`; serde
//! compiles every type's reader once per input kind, so each type the main wasm reads (a shift,
//! the person, every error) was in it twice — about a tenth of the main wasm (README, "Speed").
//! This codec reads the hydration data as bytes too, with the same reader the answers use.
use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON, read with `serde_json::from_slice` (see the module doc).
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// `Resource::new` with the [`Json`] codec: every page's resources are made here.
pub fn resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, Json>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codec_reads_what_it_wrote() {
        let value: Result<Vec<(i64, String)>, crate::error::AppError> = Ok(vec![(7, "Åsa – natt".into())]);
        let text = <Json as Encoder<_>>::encode(&value).unwrap();
        let back: Result<Vec<(i64, String)>, crate::error::AppError> = <Json as Decoder<_>>::decode(&text).unwrap();
        assert_eq!(back, value);
        let error: Result<(), crate::error::AppError> = Err(crate::error::AppError::Forbidden);
        let text = <Json as Encoder<_>>::encode(&error).unwrap();
        assert_eq!(<Json as Decoder<Result<(), crate::error::AppError>>>::decode(&text).unwrap(), error);
        assert!(<Json as Decoder<Result<(), crate::error::AppError>>>::decode("{\"Ok\":").is_err());
    }
}
