//! Breakpoint conditions that can be decided inside the hook.
//!
//! A condition is Lua code, and the general path compiles and runs it in the
//! frame's environment through the debugger's entry function: some
//! microseconds per hit, which makes a never-true condition in a hot loop
//! cost 100× and more. The common shape `name <op> literal` on a local
//! variable (`i < 0`, `id == 42`, `state ~= nil`, `name == "boss"`) is
//! decided here instead, with `lua_getlocal` on the hooked frame and no Lua
//! code run. Anything else, or any case whose Lua semantics would need more
//! (string ordering, a type error), goes the general way.

use std::collections::HashMap;
use std::ffi::CStr;

use mlua::ffi::{self, lua_Debug, lua_State};

#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Simple {
    name: String,
    op: Op,
    literal: Literal,
}

/// Parsed conditions by their text (`None`: not of the simple shape).
#[derive(Default)]
pub struct Cache(HashMap<String, Option<Simple>>);

impl Cache {
    pub fn get(&mut self, condition: &str) -> Option<&Simple> {
        // Looked up at every hit: copy the text only the first time.
        if !self.0.contains_key(condition) {
            self.0.insert(condition.to_owned(), parse(condition));
        }
        self.0.get(condition).and_then(Option::as_ref)
    }
}

fn parse(text: &str) -> Option<Simple> {
    let text = text.trim();
    for (symbol, op, flipped) in [
        ("==", Op::Eq, Op::Eq),
        ("~=", Op::Ne, Op::Ne),
        ("<=", Op::Le, Op::Ge),
        (">=", Op::Ge, Op::Le),
        ("<", Op::Lt, Op::Gt),
        (">", Op::Gt, Op::Lt),
    ] {
        if let Some((left, right)) = text.split_once(symbol) {
            let (left, right) = (left.trim(), right.trim());
            if let (Some(name), Some(literal)) = (identifier(left), literal(right)) {
                return Some(Simple { name, op, literal });
            }
            if let (Some(literal), Some(name)) = (literal(left), identifier(right)) {
                return Some(Simple {
                    name,
                    op: flipped,
                    literal,
                });
            }
            return None;
        }
    }
    None
}

fn identifier(s: &str) -> Option<String> {
    const KEYWORDS: &[&str] = &[
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
        "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ];
    let ok = !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&s);
    ok.then(|| s.to_owned())
}

fn literal(s: &str) -> Option<Literal> {
    match s {
        "nil" => return Some(Literal::Nil),
        "true" => return Some(Literal::Bool(true)),
        "false" => return Some(Literal::Bool(false)),
        _ => {}
    }
    for quote in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(quote).and_then(|r| r.strip_suffix(quote)) {
            // Escapes are left to the general path.
            return (!inner.contains(['\\', quote]))
                .then(|| Literal::Str(inner.as_bytes().to_vec()));
        }
    }
    if let Ok(i) = s.parse::<i64>() {
        return Some(Literal::Int(i));
    }
    if s.contains(['.', 'e', 'E']) && !s.contains(['x', 'X', 'n', 'N', 'i', 'I']) {
        return s.parse::<f64>().ok().map(Literal::Float);
    }
    None
}

/// Decides `cond` in the frame of `ar` (a line hook's record): `None` when
/// the general path must decide.
///
/// # Safety
/// Inside a hook on the VM thread; `ar` is the record Lua passed to it. Each
/// `lua_getlocal` pushes one value, popped at once; hooks run with at least
/// `LUA_MINSTACK` free slots, so nothing allocates.
pub unsafe fn decide(l: *mut lua_State, ar: *mut lua_Debug, cond: &Simple) -> Option<bool> {
    let mut n = 1;
    let mut found = None;
    loop {
        let name = ffi::lua_getlocal(l, ar, n);
        if name.is_null() {
            break;
        }
        // The innermost local of that name is the visible one: keep looking.
        if CStr::from_ptr(name).to_bytes() == cond.name.as_bytes() {
            found = Some(compare(l, cond));
        }
        ffi::lua_pop(l, 1);
        n += 1;
    }
    found.flatten()
}

/// Compares the value on top of `l`'s stack with the literal.
unsafe fn compare(l: *mut lua_State, cond: &Simple) -> Option<bool> {
    use std::cmp::Ordering;
    let ordering = match (ffi::lua_type(l, -1), &cond.literal) {
        (ffi::LUA_TNUMBER, Literal::Int(b)) if ffi::lua_isinteger(l, -1) != 0 => {
            Some(ffi::lua_tointegerx(l, -1, std::ptr::null_mut()).cmp(b))
        }
        (ffi::LUA_TNUMBER, Literal::Int(b)) => {
            ffi::lua_tonumberx(l, -1, std::ptr::null_mut()).partial_cmp(&(*b as f64))
        }
        (ffi::LUA_TNUMBER, Literal::Float(b)) => {
            ffi::lua_tonumberx(l, -1, std::ptr::null_mut()).partial_cmp(b)
        }
        (ffi::LUA_TSTRING, Literal::Str(b)) => {
            let mut len = 0;
            let p = ffi::lua_tolstring(l, -1, &mut len);
            let equal = std::slice::from_raw_parts(p as *const u8, len) == b.as_slice();
            return match cond.op {
                Op::Eq => Some(equal),
                Op::Ne => Some(!equal),
                _ => None, // string order follows the locale: general path
            };
        }
        (ffi::LUA_TBOOLEAN, Literal::Bool(b)) => {
            let equal = (ffi::lua_toboolean(l, -1) != 0) == *b;
            return eq_only(cond.op, equal);
        }
        (ffi::LUA_TNIL, Literal::Nil) => return eq_only(cond.op, true),
        // Different types: never equal; ordering them is a Lua error, which
        // the general path reports.
        _ => return eq_only(cond.op, false),
    };
    let Some(ord) = ordering else {
        // NaN: every comparison but ~= is false.
        return Some(cond.op == Op::Ne);
    };
    Some(match cond.op {
        Op::Eq => ord == Ordering::Equal,
        Op::Ne => ord != Ordering::Equal,
        Op::Lt => ord == Ordering::Less,
        Op::Le => ord != Ordering::Greater,
        Op::Gt => ord == Ordering::Greater,
        Op::Ge => ord != Ordering::Less,
    })
}

fn eq_only(op: Op, equal: bool) -> Option<bool> {
    match op {
        Op::Eq => Some(equal),
        Op::Ne => Some(!equal),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_simple_shapes() {
        assert_eq!(
            parse(" i < 0 "),
            Some(Simple {
                name: "i".into(),
                op: Op::Lt,
                literal: Literal::Int(0)
            })
        );
        assert_eq!(
            parse("10 <= n"),
            Some(Simple {
                name: "n".into(),
                op: Op::Ge,
                literal: Literal::Int(10)
            })
        );
        assert_eq!(
            parse("name == 'boss'"),
            Some(Simple {
                name: "name".into(),
                op: Op::Eq,
                literal: Literal::Str(b"boss".to_vec())
            })
        );
        assert_eq!(
            parse("x ~= nil"),
            Some(Simple {
                name: "x".into(),
                op: Op::Ne,
                literal: Literal::Nil
            })
        );
        assert_eq!(
            parse("ratio > 0.5"),
            Some(Simple {
                name: "ratio".into(),
                op: Op::Gt,
                literal: Literal::Float(0.5)
            })
        );
    }

    #[test]
    fn leaves_everything_else_to_lua() {
        for text in [
            "i % 4 == 0",
            "a.b == 1",
            "f() < 2",
            "x == y",
            "s == 'a\\n'",
            "i < 0 and j",
            "not x",
            "end == 1",
            "x == 0x10",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
