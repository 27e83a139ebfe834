//! The `loadedSources` request and the `loadedSource` event.

use serde::{Deserialize, Serialize};

use super::common::Source;
use crate::message::EventBody;

/// Body of the `loadedSources` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadedSourcesResponseBody {
    /// Every source loaded so far.
    pub sources: Vec<Source>,
}

/// Body of `loadedSource`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadedSourceEventBody {
    /// `new`, `changed` or `removed`.
    pub reason: String,
    /// The source.
    pub source: Source,
}

impl EventBody for LoadedSourceEventBody {
    const EVENT: &'static str = "loadedSource";
}
