//! What the cursor completes: the name being typed and, before a `.` or
//! `:`, the dotted chain whose value holds the candidates. Text only: no
//! Lua runs here.

/// What is being completed.
#[derive(Debug, PartialEq, Eq)]
pub struct Site {
    /// The names before the last separator (`a.b.c:` -> `[a, b, c]`);
    /// empty for a plain name (a local, upvalue, global or keyword).
    pub chain: Vec<String>,
    /// The last separator was `:` (a method call).
    pub method: bool,
    /// The part of the name typed so far.
    pub prefix: String,
    /// Where `prefix` starts in the line, in UTF-16 units from 0.
    pub start: usize,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The line `line` (1-based) of `text`; `None` past the last.
pub fn line_of(text: &str, line: usize) -> Option<&str> {
    text.split('\n').nth(line.checked_sub(1)?)
}

/// The site at `column` (UTF-16 units from 0) of `line`, or `None` where no
/// name can be completed (inside a number, after `)` or `]`, in a string).
pub fn site(line: &str, column: usize) -> Option<Site> {
    let mut units = 0;
    let mut cut = line.len();
    for (i, c) in line.char_indices() {
        if units >= column {
            cut = i;
            break;
        }
        units += c.len_utf16();
    }
    let before = &line[..cut];
    if in_string(before) {
        return None;
    }
    let start_prefix = before.trim_end_matches(is_name_char).len();
    let prefix = &before[start_prefix..];
    if prefix.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let start = before[..start_prefix].encode_utf16().count();
    let mut rest = &before[..start_prefix];
    let mut chain = Vec::new();
    let mut method = false;
    let mut first = true;
    while let Some(separator @ ('.' | ':')) = rest.chars().next_back() {
        let head = &rest[..rest.len() - 1];
        // `a ..b` is a concatenation, `a::b` a label: not fields.
        if head.ends_with(separator) || (separator == ':' && !first) {
            if first {
                break;
            }
            return None;
        }
        let name_start = head.trim_end_matches(is_name_char).len();
        let name = &head[name_start..];
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        method |= separator == ':';
        chain.push(name.to_owned());
        rest = &head[..name_start];
        first = false;
    }
    // `f().x.` or `t[1].`: the value is not a plain chain of names.
    if !chain.is_empty() && rest.ends_with([')', ']', '"', '\'']) {
        return None;
    }
    chain.reverse();
    Some(Site {
        chain,
        method,
        prefix: prefix.to_owned(),
        start,
    })
}

/// Whether `text` ends inside a short string literal.
fn in_string(text: &str) -> bool {
    let mut open: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (open, c) {
            (Some(_), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => open = None,
            (None, '"' | '\'') => open = Some(c),
            (None, '-') if chars.as_str().starts_with('-') => return false,
            _ => {}
        }
    }
    open.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_end(line: &str) -> Option<Site> {
        site(line, line.encode_utf16().count())
    }

    #[test]
    fn plain_names() {
        let s = at_end("print(pla").unwrap();
        assert_eq!((s.chain.len(), s.prefix.as_str(), s.start), (0, "pla", 6));
        let s = at_end("").unwrap();
        assert_eq!((s.prefix.as_str(), s.start), ("", 0));
        assert!(at_end("x = 12").is_none());
    }

    #[test]
    fn chains() {
        let s = at_end("a.b.c:sp").unwrap();
        assert_eq!(s.chain, ["a", "b", "c"]);
        assert!(s.method);
        assert_eq!((s.prefix.as_str(), s.start), ("sp", 6));
        let s = at_end("x + Game.").unwrap();
        assert_eq!(s.chain, ["Game"]);
        assert!(!s.method);
        assert!(at_end("a:b.c").is_none());
        assert!(at_end("f().x.").is_none());
        assert!(at_end("1.").is_none());
    }

    #[test]
    fn concatenation_and_strings() {
        let s = at_end("a ..b").unwrap();
        assert!(s.chain.is_empty());
        assert_eq!(s.prefix, "b");
        assert!(at_end("print(\"a.b").is_none());
        assert!(at_end("print('it''s x.").is_none());
    }

    #[test]
    fn utf16_columns() {
        // "é" is one UTF-16 unit, "𝄞" two.
        let s = site("é𝄞 t.x", 7).unwrap();
        assert_eq!(
            (s.chain[0].as_str(), s.prefix.as_str(), s.start),
            ("t", "x", 6)
        );
        let s = site("abc.def", 5).unwrap();
        assert_eq!((s.prefix.as_str(), s.start), ("d", 4));
    }
}
