//! [`Tokens`]: the parser's cursor over the tokens, with the checks every
//! rule uses and errors that name the file, line and column.

use super::lexer::{Tok, Token};
use crate::error::SchemaError;

/// Tokens and a position in them.
#[derive(Debug)]
pub(crate) struct Tokens<'a> {
    toks: Vec<Token>,
    pos: usize,
    file: &'a str,
}

impl<'a> Tokens<'a> {
    /// A cursor at the first of `toks`.
    pub(crate) fn new(toks: Vec<Token>, file: &'a str) -> Self {
        Tokens { toks, pos: 0, file }
    }

    /// The current token, if any.
    pub(crate) fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    /// The token `n` after the current one.
    pub(crate) fn peek_at(&self, n: usize) -> Option<&Tok> {
        self.toks.get(self.pos + n).map(|t| &t.tok)
    }

    /// True at the end.
    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    /// Takes the current token.
    pub(crate) fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).map(|t| t.tok.clone());
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    /// The current position, for [`Tokens::error_at`].
    pub(crate) fn mark(&self) -> usize {
        self.pos
    }

    /// An error at the token at `mark`.
    pub(crate) fn error_at(&self, mark: usize, message: impl Into<String>) -> SchemaError {
        let t = self.toks.get(mark).or(self.toks.last());
        SchemaError::Parse {
            file: self.file.to_owned(),
            line: t.map_or(1, |t| t.line),
            column: t.map_or(1, |t| t.column),
            message: message.into(),
        }
    }

    /// An error at the current token (or the end of the input).
    pub(crate) fn error(&self, message: impl Into<String>) -> SchemaError {
        let (line, column) = match self.toks.get(self.pos).or(self.toks.last()) {
            Some(t) if self.pos < self.toks.len() => (t.line, t.column),
            Some(t) => (t.line, t.column + 1),
            None => (1, 1),
        };
        SchemaError::Parse {
            file: self.file.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }

    /// What the current token is, for an error message.
    pub(crate) fn found(&self) -> String {
        match self.peek() {
            None => "the end of the input".into(),
            Some(Tok::Word(w)) => format!("`{w}`"),
            Some(Tok::Quoted(q)) => format!("`\"{q}\"`"),
            Some(Tok::Str(s)) => format!("the string '{s}'"),
            Some(Tok::Number(n)) => format!("the number {n}"),
            Some(Tok::Symbol(s)) => format!("`{s}`"),
        }
    }

    /// True if the current token is the keyword `kw` (any case).
    pub(crate) fn is_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(kw))
    }

    /// Takes keyword `kw` if it is next.
    pub(crate) fn eat_kw(&mut self, kw: &str) -> bool {
        let yes = self.is_kw(kw);
        if yes {
            self.pos += 1;
        }
        yes
    }

    /// Takes keyword `kw`, or fails.
    pub(crate) fn expect_kw(&mut self, kw: &str) -> Result<(), SchemaError> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.error(format!("expected {kw}, found {}", self.found())))
        }
    }

    /// True if the current token is symbol `s`.
    pub(crate) fn is_sym(&self, s: &str) -> bool {
        matches!(self.peek(), Some(Tok::Symbol(x)) if *x == s)
    }

    /// Takes symbol `s` if it is next.
    pub(crate) fn eat_sym(&mut self, s: &str) -> bool {
        let yes = self.is_sym(s);
        if yes {
            self.pos += 1;
        }
        yes
    }

    /// Takes symbol `s`, or fails.
    pub(crate) fn expect_sym(&mut self, s: &str) -> Result<(), SchemaError> {
        if self.eat_sym(s) {
            Ok(())
        } else {
            Err(self.error(format!("expected `{s}`, found {}", self.found())))
        }
    }

    /// An identifier by CQL's case rules: unquoted is lowercased, quoted
    /// kept as written.
    pub(crate) fn ident(&mut self, what: &str) -> Result<String, SchemaError> {
        match self.peek() {
            Some(Tok::Word(w)) => {
                let w = w.to_ascii_lowercase();
                self.pos += 1;
                Ok(w)
            }
            Some(Tok::Quoted(q)) => {
                let q = q.clone();
                self.pos += 1;
                Ok(q)
            }
            _ => Err(self.error(format!("expected {what}, found {}", self.found()))),
        }
    }

    /// `[keyspace.]name`: the keyspace (if given) and the name.
    pub(crate) fn qualified(
        &mut self,
        what: &str,
    ) -> Result<(Option<String>, String), SchemaError> {
        let first = self.ident(what)?;
        if self.eat_sym(".") {
            Ok((Some(first), self.ident(what)?))
        } else {
            Ok((None, first))
        }
    }

    /// A string literal.
    pub(crate) fn string(&mut self, what: &str) -> Result<String, SchemaError> {
        match self.peek() {
            Some(Tok::Str(s)) => {
                let s = s.clone();
                self.pos += 1;
                Ok(s)
            }
            _ => Err(self.error(format!(
                "expected {what} (a string), found {}",
                self.found()
            ))),
        }
    }
}
