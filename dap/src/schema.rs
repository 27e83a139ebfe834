//! Checking messages against the official DAP JSON schema (feature `schema`).
//!
//! Hand-written serde types drift from the protocol silently: a misspelled
//! optional field is simply ignored by VS Code. Tests therefore serialize what
//! the adapter sends and validate it here, against the definition for that
//! exact message (`StackTraceResponse`, `StoppedEvent`...), so a wrong type or
//! missing field fails a test instead of a user's session.
//!
//! The schema never forbids extra properties, so on top of it [`DapSchema::validate`]
//! reports properties the schema does not define wherever it lists them: that
//! is how a `source_reference` for `sourceReference` gets caught. Launch and
//! attach arguments are left open (they are adapter-specific by design), as
//! are custom messages, which only get the base `Request`/`Response`/`Event`.
//!
//! Only tests need this, so the shipped binary does not carry a JSON-schema
//! engine.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jsonschema::ValidatorMap;
use serde_json::Value;

/// Environment variable that overrides [`default_schema_path`].
pub const SCHEMA_PATH_ENV: &str = "LUA_SNAPSHOT_DAP_SCHEMA";

/// Definitions whose extra properties are legitimate.
const OPEN_DEFINITIONS: &[&str] = &["LaunchRequestArguments", "AttachRequestArguments"];

/// Why the schema could not be used.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SchemaError {
    /// The file could not be read.
    #[error("cannot read the DAP schema {path}: {message}")]
    Read {
        /// The file tried.
        path: PathBuf,
        /// The I/O error.
        message: String,
    },
    /// The file is not JSON or has no `definitions`.
    #[error("the DAP schema is not usable: {0}")]
    Invalid(String),
    /// The validator could not compile it.
    #[error("cannot compile the DAP schema: {0}")]
    Compile(String),
}

/// Where the official schema lives: `$LUA_SNAPSHOT_DAP_SCHEMA` if set, else
/// the copy vendored in this crate, `dap/schema/debugAdapterProtocol.json`
/// (MIT, `dap/schema/License.txt`), so a clone of the repository alone has
/// everything its tests read.
pub fn default_schema_path() -> PathBuf {
    if let Some(path) = std::env::var_os(SCHEMA_PATH_ENV) {
        return PathBuf::from(path);
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join("debugAdapterProtocol.json")
}

/// The DAP schema with every definition compiled once.
pub struct DapSchema {
    validators: ValidatorMap,
    definitions: serde_json::Map<String, Value>,
}

impl std::fmt::Debug for DapSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DapSchema")
            .field("definitions", &self.definitions.len())
            .finish()
    }
}

impl DapSchema {
    /// The official schema at [`default_schema_path`], loaded and compiled on
    /// first use and shared by every test of the process.
    pub fn official() -> Result<&'static DapSchema, SchemaError> {
        static OFFICIAL: OnceLock<Result<DapSchema, SchemaError>> = OnceLock::new();
        OFFICIAL
            .get_or_init(|| DapSchema::load(&default_schema_path()))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Loads and compiles a schema file.
    pub fn load(path: &Path) -> Result<DapSchema, SchemaError> {
        let text = std::fs::read_to_string(path).map_err(|e| SchemaError::Read {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let document: Value =
            serde_json::from_str(&text).map_err(|e| SchemaError::Invalid(e.to_string()))?;
        DapSchema::from_value(document)
    }

    /// Compiles a schema document (draft-04, definitions under `definitions`).
    pub fn from_value(document: Value) -> Result<DapSchema, SchemaError> {
        let definitions = document
            .get("definitions")
            .and_then(Value::as_object)
            .cloned()
            .ok_or_else(|| SchemaError::Invalid("no `definitions` object".to_owned()))?;
        let validators = jsonschema::draft4::options()
            .build_map(&document)
            .map_err(|e| SchemaError::Compile(e.to_string()))?;
        Ok(DapSchema {
            validators,
            definitions,
        })
    }

    /// Whether the schema defines `name`, e.g. `StackTraceResponse`.
    pub fn has_definition(&self, name: &str) -> bool {
        self.definitions.contains_key(name)
    }

    /// The definition a message is checked against: `<Command>Response`
    /// (else `Response`), `ErrorResponse` when `success` is false,
    /// `<Name>Event` (else `Event`), `<Command>Request` (else `Request`).
    pub fn definition_for(&self, message: &Value) -> Result<String, String> {
        let field = |name: &str| message.get(name).and_then(Value::as_str).unwrap_or("");
        let (base, name) = match field("type") {
            "response" if message.get("success") == Some(&Value::Bool(false)) => {
                return Ok("ErrorResponse".to_owned())
            }
            "response" => ("Response", field("command")),
            "event" => ("Event", field("event")),
            "request" => ("Request", field("command")),
            other => {
                return Err(format!(
                    "/type: expected \"request\", \"response\" or \"event\", got {other:?}"
                ))
            }
        };
        let specific = format!("{}{base}", upper_first(name));
        Ok(if !name.is_empty() && self.has_definition(&specific) {
            specific
        } else {
            base.to_owned()
        })
    }

    /// Validates a whole message against its definition (see
    /// [`DapSchema::definition_for`]) and reports properties the schema does
    /// not define. Every problem is returned, each naming its JSON pointer.
    pub fn validate(&self, message: &Value) -> Result<(), Vec<String>> {
        let definition = self.definition_for(message).map_err(|e| vec![e])?;
        self.validate_as(&definition, message)
    }

    /// Like [`DapSchema::validate`], without the unknown-property check.
    pub fn validate_schema_only(&self, message: &Value) -> Result<(), Vec<String>> {
        let definition = self.definition_for(message).map_err(|e| vec![e])?;
        self.schema_errors(&definition, message)
    }

    /// Validates `value` against one definition, e.g. `Variable`, plus the
    /// unknown-property check.
    pub fn validate_as(&self, definition: &str, value: &Value) -> Result<(), Vec<String>> {
        let mut errors = match self.schema_errors(definition, value) {
            Ok(()) => Vec::new(),
            Err(errors) => errors,
        };
        let root = serde_json::json!({ "$ref": format!("#/definitions/{definition}") });
        let mut unknown = Vec::new();
        self.unknown_properties(value, &[&root], "", &mut unknown);
        errors.extend(
            unknown
                .into_iter()
                .map(|p| format!("{p}: property not defined by {definition} (misspelled?)")),
        );
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn schema_errors(&self, definition: &str, value: &Value) -> Result<(), Vec<String>> {
        let validator = self
            .validators
            .get(&format!("#/definitions/{definition}"))
            .ok_or_else(|| vec![format!("the DAP schema has no definition {definition:?}")])?;
        let errors: Vec<String> = validator
            .iter_errors(value)
            .map(|e| {
                format!(
                    "{}: {e} (in {definition})",
                    pointer(&e.instance_path().to_string())
                )
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Collects the properties allowed where `schemas` all apply (allOf
    /// semantics), following `$ref`. Returns `None` when the object is open.
    fn allowed<'a>(&'a self, schemas: &[&'a Value]) -> Option<HashMap<&'a str, Vec<&'a Value>>> {
        let mut props: HashMap<&str, Vec<&Value>> = HashMap::new();
        let mut open = false;
        let mut pending: Vec<&Value> = schemas.to_vec();
        let mut steps = 0;
        while let Some(schema) = pending.pop() {
            steps += 1;
            if steps > 256 {
                return None; // Pathological nesting: do not judge.
            }
            if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
                let name = target.strip_prefix("#/definitions/").unwrap_or(target);
                if OPEN_DEFINITIONS.contains(&name) {
                    open = true;
                }
                match self.definitions.get(name) {
                    Some(def) => pending.push(def),
                    None => open = true,
                }
            }
            if let Some(map) = schema.get("properties").and_then(Value::as_object) {
                for (key, sub) in map {
                    props.entry(key.as_str()).or_default().push(sub);
                }
            }
            if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
                pending.extend(parts);
            }
            let additional = schema.get("additionalProperties");
            if additional.is_some_and(|a| a != &Value::Bool(false))
                || schema.get("oneOf").is_some()
                || schema.get("anyOf").is_some()
            {
                open = true;
            }
        }
        (!open && !props.is_empty()).then_some(props)
    }

    fn unknown_properties(
        &self,
        value: &Value,
        schemas: &[&Value],
        at: &str,
        out: &mut Vec<String>,
    ) {
        match value {
            Value::Object(object) => {
                let Some(allowed) = self.allowed(schemas) else {
                    return;
                };
                for (key, child) in object {
                    let here = format!("{at}/{}", escape(key));
                    match allowed.get(key.as_str()) {
                        Some(subs) => self.unknown_properties(child, subs, &here, out),
                        None => out.push(pointer(&here)),
                    }
                }
            }
            Value::Array(items) => {
                let item_schemas: Vec<&Value> = schemas
                    .iter()
                    .map(|s| self.resolve(s))
                    .filter_map(|s| s.get("items"))
                    .collect();
                if item_schemas.is_empty() {
                    return;
                }
                for (i, item) in items.iter().enumerate() {
                    self.unknown_properties(item, &item_schemas, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    /// Follows a chain of `$ref` (bounded, in case of a cycle).
    fn resolve<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(target) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let name = target.strip_prefix("#/definitions/").unwrap_or(target);
            match self.definitions.get(name) {
                Some(def) => schema = def,
                None => break,
            }
        }
        schema
    }
}

/// Validates a message against the official schema: the call tests use.
///
/// A schema that cannot be loaded is reported as an error, so a test fails
/// loudly rather than passing without checking anything.
pub fn validate_message(message: &Value) -> Result<(), Vec<String>> {
    DapSchema::official()
        .map_err(|e| vec![e.to_string()])?
        .validate(message)
}

/// Panics with every validation error if `message` is not valid; for tests.
#[track_caller]
pub fn assert_valid(message: &Value) {
    if let Err(errors) = validate_message(message) {
        panic!(
            "invalid DAP message:\n  {}\nmessage: {message}",
            errors.join("\n  ")
        );
    }
}

fn upper_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn pointer(path: &str) -> String {
    if path.is_empty() {
        "(root)".to_owned()
    } else {
        path.to_owned()
    }
}
