//! Breakpoint conditions that can be decided inside the hook.
//!
//! A condition is Lua code, and the general path compiles and runs it in the
//! frame's environment through the debugger's entry function: some
//! microseconds per hit, which makes a never-true condition in a hot loop
//! cost 100× and more. The common shape `name <op> literal` on a local
//! variable (`i < 0`, `id == 42`, `state ~= nil`, `name == "boss"`) is
//! decided here instead, by reading the local's register in the hooked
//! frame; no Lua code runs and nothing is pushed. Anything else, or any case whose Lua semantics would need more
//! (string ordering, a type error), goes the general way.

use std::cell::Cell;

use snapshot::frame::{CallFrame, ProtoRef, Scalar};

#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
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

/// The condition, if it has the simple shape.
pub fn parse(text: &str) -> Option<Simple> {
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

/// Decides `cond` in `frame`, running prototype `p`, at a line event:
/// `None` when the general path must decide (no such local, or a comparison
/// whose Lua semantics need more).
///
/// # Safety
/// Inside a line hook on the VM thread; `frame` is the hooked frame and `p`
/// its prototype.
pub unsafe fn decide(
    frame: CallFrame,
    p: ProtoRef,
    cond: &Simple,
    register: &Register,
) -> Option<bool> {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let pc = frame.pc(p);
        let reg = match register.0.get() {
            Some((at, reg)) if at == pc => reg,
            _ => {
                let reg = p.local_register(cond.name.as_bytes(), pc);
                register.0.set(Some((pc, reg)));
                reg
            }
        }?;
        compare(frame.register(reg), cond)
    }
}

/// Where a condition's local lives at one instruction of one prototype:
/// a breakpoint line is usually reached at the same instruction, and the
/// cache holding this is emptied when the prototype may have changed.
#[derive(Debug, Default)]
pub struct Register(Cell<Option<(i32, Option<u8>)>>);

/// Compares a local's value with the literal.
fn compare(value: Scalar, cond: &Simple) -> Option<bool> {
    let ordering = match (value, &cond.literal) {
        (Scalar::Int(a), Literal::Int(b)) => Some(a.cmp(b)),
        (Scalar::Float(a), Literal::Int(b)) => a.partial_cmp(&(*b as f64)),
        (Scalar::Int(a), Literal::Float(b)) => (a as f64).partial_cmp(b),
        (Scalar::Float(a), Literal::Float(b)) => a.partial_cmp(b),
        (Scalar::Str(a), Literal::Str(b)) => {
            // String order follows the locale: only equality here.
            return eq_only(cond.op, a == b.as_slice());
        }
        (Scalar::Bool(a), Literal::Bool(b)) => return eq_only(cond.op, a == *b),
        (Scalar::Nil, Literal::Nil) => return eq_only(cond.op, true),
        // Different types: never equal; ordering them is a Lua error, which
        // the general path reports.
        _ => return eq_only(cond.op, false),
    };
    let Some(ord) = ordering else {
        // NaN: every comparison but ~= is false.
        return Some(cond.op == Op::Ne);
    };
    Some(cond.op.holds(ord))
}

impl Op {
    #[inline]
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering;
        match self {
            Op::Eq => ord == Ordering::Equal,
            Op::Ne => ord != Ordering::Equal,
            Op::Lt => ord == Ordering::Less,
            Op::Le => ord != Ordering::Greater,
            Op::Gt => ord == Ordering::Greater,
            Op::Ge => ord != Ordering::Less,
        }
    }
}

/// An integer test: the condition compares its local with an integer, and
/// when the local holds an integer too, `op.holds(value.cmp(literal))` is
/// the whole answer (the line-event shortcut uses it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntTest {
    pub op: Op,
    pub literal: i64,
}

impl Simple {
    pub fn int_test(&self) -> Option<IntTest> {
        match self.literal {
            Literal::Int(literal) => Some(IntTest {
                op: self.op,
                literal,
            }),
            _ => None,
        }
    }
}

impl Register {
    /// The instruction last asked about and the register found there, if
    /// the local was found.
    pub fn found(&self) -> Option<(i32, u8)> {
        self.0.get().and_then(|(pc, reg)| Some((pc, reg?)))
    }
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
