//! The lexer and token cursor behind [`classify`](super::classify): just
//! enough of CQL's lexical rules to read a statement's leading words.

/// A lexed token: unquoted words are lower-cased, `"quoted"` ones kept as is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Word(String),
    Quoted(String),
    Dot,
    Other,
}

/// Skips a `--` / `//` comment (to the end of the line) or a `/* */` one,
/// the first character already consumed; `false` when `c` starts no comment.
fn skip_comment(c: char, it: &mut std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    match (c, it.peek()) {
        ('-', Some('-')) | ('/', Some('/')) => {
            for c in it.by_ref() {
                if c == '\n' {
                    break;
                }
            }
            true
        }
        ('/', Some('*')) => {
            it.next();
            let mut prev = ' ';
            for c in it.by_ref() {
                if prev == '*' && c == '/' {
                    break;
                }
                prev = c;
            }
            true
        }
        _ => false,
    }
}

/// The first `max` tokens of `cql`, comments and whitespace skipped.
pub(super) fn lex(cql: &str, max: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut it = cql.chars().peekable();
    while let Some(&c) = it.peek() {
        if out.len() >= max {
            break;
        }
        if c.is_whitespace() {
            it.next();
        } else if c == '-' || c == '/' {
            it.next();
            if !skip_comment(c, &mut it) {
                out.push(Tok::Other);
            }
        } else if c == '"' {
            it.next();
            let mut s = String::new();
            while let Some(c) = it.next() {
                if c == '"' {
                    if it.peek() == Some(&'"') {
                        it.next();
                        s.push('"');
                        continue;
                    }
                    break;
                }
                s.push(c);
            }
            out.push(Tok::Quoted(s));
        } else if c.is_alphanumeric() || c == '_' {
            let mut s = String::new();
            while let Some(&c) = it.peek() {
                if !(c.is_alphanumeric() || c == '_') {
                    break;
                }
                s.push(c.to_ascii_lowercase());
                it.next();
            }
            out.push(Tok::Word(s));
        } else {
            it.next();
            out.push(if c == '.' { Tok::Dot } else { Tok::Other });
        }
    }
    out
}

/// A position in a token list.
pub(super) struct Cursor {
    toks: Vec<Tok>,
    pub(super) at: usize,
}

impl Cursor {
    /// A cursor at the first of the first `max` tokens of `cql`.
    pub(super) fn new(cql: &str, max: usize) -> Self {
        Cursor {
            toks: lex(cql, max),
            at: 0,
        }
    }

    /// The current token when it is an unquoted word (lower-cased).
    pub(super) fn word(&self) -> Option<&str> {
        match self.toks.get(self.at) {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }

    /// Steps over the unquoted word `w` if it is next.
    pub(super) fn eat(&mut self, w: &str) -> bool {
        let yes = self.word() == Some(w);
        if yes {
            self.at += 1;
        }
        yes
    }

    /// An identifier, quoted or not.
    pub(super) fn ident(&mut self) -> Option<String> {
        let s = match self.toks.get(self.at)? {
            Tok::Word(w) | Tok::Quoted(w) => w.clone(),
            _ => return None,
        };
        self.at += 1;
        Some(s)
    }

    /// `[IF [NOT] EXISTS]`: `Some(true)` for `IF NOT EXISTS`.
    pub(super) fn if_exists(&mut self) -> Option<bool> {
        if self.eat("if") {
            let not = self.eat("not");
            self.eat("exists");
            Some(not)
        } else {
            None
        }
    }

    /// `[keyspace.]name`, the keyspace defaulting to `current`.
    pub(super) fn qualified(&mut self, current: &str) -> Option<(String, String)> {
        let first = self.ident()?;
        if self.toks.get(self.at) == Some(&Tok::Dot) {
            self.at += 1;
            let second = self.ident()?;
            Some((first, second))
        } else {
            Some((current.to_string(), first))
        }
    }
}
