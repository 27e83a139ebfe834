//! How Lua values look in the Variables view, hovers and the REPL.
//!
//! Nothing here calls a metamethod: showing a value must not run the
//! script's code (a `__tostring` could fail, loop, or change state).

use std::cell::Cell;
use std::path::Path;

use mlua::{Lua, Value};

/// A value as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub value: String,
    pub type_name: String,
    /// Has children: a table, or a userdata with a metatable.
    pub expandable: bool,
    /// Length of a table's array part (`#t`, raw), for paging.
    pub indexed: Option<i64>,
}

/// Longest string shown in full.
const MAX_STRING: usize = 4096;

thread_local! {
    /// Integers are shown in hexadecimal (`format.hex` of the request being
    /// answered).
    static HEX: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with integers shown in hexadecimal when `hex` (a request's
/// `format.hex`): `0xff`, and `0xffffffffffffffff` for -1, which Lua reads
/// back as the same integer.
pub fn with_hex<R>(hex: bool, f: impl FnOnce() -> R) -> R {
    let before = HEX.with(|h| h.replace(hex));
    let result = f();
    HEX.with(|h| h.set(before));
    result
}

pub fn show(lua: &Lua, value: &Value, base_dir: &Path) -> Shown {
    let type_name = value.type_name().to_owned();
    let plain = |text: String| Shown {
        value: text,
        type_name: type_name.clone(),
        expandable: false,
        indexed: None,
    };
    match value {
        Value::Nil => plain("nil".into()),
        Value::Boolean(b) => plain(b.to_string()),
        Value::Integer(i) if HEX.with(Cell::get) => plain(format!("0x{i:x}")),
        Value::Integer(i) => plain(i.to_string()),
        Value::Number(_) => plain(number(lua, value)),
        Value::String(s) => plain(quote(&s.as_bytes())),
        Value::Table(t) => {
            let len = t.raw_len() as i64;
            Shown {
                value: format!("table: {:p}", t.to_pointer()),
                type_name,
                expandable: true,
                indexed: (len > 0).then_some(len),
            }
        }
        Value::Function(f) => {
            let info = f.info();
            let text = if info.what == "C" {
                "function: [C]".to_owned()
            } else {
                let src =
                    display_source(info.source.as_deref(), info.short_src.as_deref(), base_dir);
                format!("function: {src}:{}", info.line_defined.unwrap_or(0))
            };
            plain(text)
        }
        Value::UserData(u) => Shown {
            value: format!("userdata: {:p}", u.to_pointer()),
            type_name,
            expandable: u.metatable().is_ok(),
            indexed: None,
        },
        Value::LightUserData(p) => plain(format!("lightuserdata: {:p}", p.0)),
        Value::Thread(t) => {
            plain(format!("thread: {:p} ({:?})", t.to_pointer(), t.status()).to_lowercase())
        }
        Value::Error(e) => plain(e.to_string()),
        other => plain(format!("{}: {:p}", other.type_name(), other.to_pointer())),
    }
}

/// A value as `tostring` would print it, without metamethods: strings as
/// they are (for log messages and error texts).
pub fn plain_text(lua: &Lua, value: &Value, base_dir: &Path) -> String {
    match value {
        Value::String(s) => s.to_string_lossy().to_string(),
        other => show(lua, other, base_dir).value,
    }
}

fn number(lua: &Lua, value: &Value) -> String {
    lua.coerce_string(value.clone())
        .ok()
        .flatten()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// A chunk's file for display: relative to `base_dir` when under it.
pub fn display_source(source: Option<&str>, short_src: Option<&str>, base_dir: &Path) -> String {
    if let Some(path) = source.and_then(|s| s.strip_prefix('@')) {
        let path = Path::new(path);
        return path
            .strip_prefix(base_dir)
            .unwrap_or(path)
            .display()
            .to_string();
    }
    short_src.unwrap_or("?").to_owned()
}

/// A string in double quotes with Lua escapes; invalid UTF-8 as `\xNN`.
pub fn quote(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().min(MAX_STRING) + 2);
    out.push('"');
    let shown = &bytes[..bytes.len().min(MAX_STRING)];
    for chunk in shown.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                    out.push_str(&format!("\\{}", c as u32));
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out.push('"');
    if bytes.len() > MAX_STRING {
        out.push_str(&format!("… ({} bytes)", bytes.len()));
    }
    out
}

const KEYWORDS: &[&str] = &[
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
    "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
];

pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&s)
}

/// How a table key is shown: `name`, `[1]`, `["a key"]`, `[table: 0x…]`.
pub fn key_name(lua: &Lua, key: &Value, base_dir: &Path) -> String {
    match key {
        Value::String(s) => match s.to_str() {
            Ok(text) if is_identifier(&text) => text.to_string(),
            _ => format!("[{}]", quote(&s.as_bytes())),
        },
        other => format!("[{}]", show(lua, other, base_dir).value),
    }
}

/// An expression for a child of `parent` (an expression itself), when the
/// key can be written in Lua.
pub fn child_expression(lua: &Lua, parent: &str, key: &Value, base_dir: &Path) -> Option<String> {
    match key {
        Value::String(s) => match s.to_str() {
            Ok(text) if is_identifier(&text) => Some(format!("{parent}.{text}")),
            _ => Some(format!("{parent}[{}]", quote(&s.as_bytes()))),
        },
        Value::Integer(_) | Value::Number(_) | Value::Boolean(_) => {
            Some(format!("{parent}[{}]", show(lua, key, base_dir).value))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote(b"a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(quote(b"\xff"), "\"\\xFF\"");
        assert_eq!(quote(b"\x01"), "\"\\1\"");
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("_x1"));
        assert!(!is_identifier("end"));
        assert!(!is_identifier("a b"));
        assert!(!is_identifier("1a"));
    }

    #[test]
    fn shows_values() {
        let lua = Lua::new();
        let base = Path::new("/");
        // LuaJIT and Lua 5.1 have no integer subtype: their numbers print
        // as `tostring` prints them.
        let one = if cfg!(any(feature = "luajit", feature = "lua51")) {
            "1"
        } else {
            "1.0"
        };
        assert_eq!(show(&lua, &Value::Number(1.0), base).value, one);
        assert_eq!(show(&lua, &Value::Integer(3), base).value, "3");
        let hex = with_hex(true, || show(&lua, &Value::Integer(-1), base).value);
        assert_eq!(hex, "0xffffffffffffffff");
        assert_eq!(show(&lua, &Value::Integer(255), base).value, "255");
        let s = Value::String(lua.create_string("hi").expect("s"));
        assert_eq!(show(&lua, &s, base).value, "\"hi\"");
        assert_eq!(plain_text(&lua, &s, base), "hi");
        let t: mlua::Table = lua.load("return {1, 2, x = 3}").eval().expect("t");
        let shown = show(&lua, &Value::Table(t), base);
        assert!(shown.expandable);
        assert_eq!(shown.indexed, Some(2));
    }
}
