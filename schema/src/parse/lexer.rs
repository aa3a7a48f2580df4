//! The tokenizer: CQL text into [`Token`]s with their line and column.
//!
//! Comments (`-- …`, `// …`, `/* … */`) and whitespace are skipped.
//! Identifiers are kept as written (the parser lowercases unquoted ones);
//! `"…"` is a quoted identifier (`""` inside is one `"`); `'…'` is a string
//! (`''` inside is one `'`); `$$…$$` is a string too. Numbers may start with
//! `-` and hold `.`, `e` and digits. Symbols: `( ) < > , ; . = { } : * [ ]
//! + - ? !` and `>=`, `<=`, `!=`.

use crate::error::SchemaError;

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// An unquoted identifier or keyword, as written.
    Word(String),
    /// A `"quoted"` identifier, unescaped.
    Quoted(String),
    /// A string literal, unescaped.
    Str(String),
    /// A number literal, as written.
    Number(String),
    /// A symbol (one or two characters).
    Symbol(&'static str),
}

/// One token and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The token.
    pub(crate) tok: Tok,
    /// 1-based line.
    pub(crate) line: usize,
    /// 1-based column.
    pub(crate) column: usize,
}

const SYMBOLS: &[&str] = &[
    ">=", "<=", "!=", "(", ")", "<", ">", ",", ";", ".", "=", "{", "}", ":", "*", "[", "]", "+",
    "-", "?", "!",
];

/// The lexer's position in its input.
struct Cursor<'a> {
    chars: Vec<char>,
    i: usize,
    line: usize,
    column: usize,
    file: &'a str,
}

impl Cursor<'_> {
    fn at(&self, n: usize) -> Option<char> {
        self.chars.get(self.i + n).copied()
    }

    fn bump(&mut self, n: usize) {
        for _ in 0..n {
            if self.at(0) == Some('\n') {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
            self.i += 1;
        }
    }

    fn error(&self, line: usize, column: usize, message: impl Into<String>) -> SchemaError {
        SchemaError::Parse {
            file: self.file.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }

    /// Text up to the closing `q` (`qq` inside is one `q`), past it.
    fn quoted(&mut self, q: char, line: usize, column: usize) -> Result<String, SchemaError> {
        self.bump(1);
        let mut text = String::new();
        loop {
            match self.at(0) {
                None => {
                    let what = if q == '"' { "identifier" } else { "string" };
                    return Err(self.error(line, column, format!("unterminated {what}")));
                }
                Some(c) if c == q && self.at(1) == Some(q) => {
                    text.push(q);
                    self.bump(2);
                }
                Some(c) if c == q => {
                    self.bump(1);
                    return Ok(text);
                }
                Some(c) => {
                    text.push(c);
                    self.bump(1);
                }
            }
        }
    }

    /// Skips whitespace and comments; false at the end of the input.
    fn skip_blank(&mut self) -> Result<bool, SchemaError> {
        loop {
            let Some(c) = self.at(0) else {
                return Ok(false);
            };
            if c.is_whitespace() {
                self.bump(1);
            } else if (c == '-' && self.at(1) == Some('-')) || (c == '/' && self.at(1) == Some('/'))
            {
                while self.at(0).is_some_and(|c| c != '\n') {
                    self.bump(1);
                }
            } else if c == '/' && self.at(1) == Some('*') {
                let (line, column) = (self.line, self.column);
                self.bump(2);
                while !(self.at(0) == Some('*') && self.at(1) == Some('/')) {
                    if self.at(0).is_none() {
                        return Err(self.error(line, column, "unterminated comment"));
                    }
                    self.bump(1);
                }
                self.bump(2);
            } else {
                return Ok(true);
            }
        }
    }

    /// The token at the cursor (not blank, not the end).
    fn token(&mut self, c: char) -> Result<Tok, SchemaError> {
        let (line, column) = (self.line, self.column);
        if c == '"' {
            let text = self.quoted('"', line, column)?;
            if text.is_empty() {
                return Err(self.error(line, column, "empty quoted identifier"));
            }
            return Ok(Tok::Quoted(text));
        }
        if c == '\'' {
            return self.quoted('\'', line, column).map(Tok::Str);
        }
        if c == '$' && self.at(1) == Some('$') {
            self.bump(2);
            let mut text = String::new();
            while !(self.at(0) == Some('$') && self.at(1) == Some('$')) {
                let Some(c) = self.at(0) else {
                    return Err(self.error(line, column, "unterminated $$ string"));
                };
                text.push(c);
                self.bump(1);
            }
            self.bump(2);
            return Ok(Tok::Str(text));
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let mut text = String::new();
            while let Some(w) = self
                .at(0)
                .filter(|w| w.is_ascii_alphanumeric() || *w == '_')
            {
                text.push(w);
                self.bump(1);
            }
            return Ok(Tok::Word(text));
        }
        if c.is_ascii_digit() || (c == '-' && self.at(1).is_some_and(|d| d.is_ascii_digit())) {
            let mut text = String::from(c);
            self.bump(1);
            while let Some(d) = self.at(0) {
                let sign_after_e = (d == '-' || d == '+') && text.ends_with(['e', 'E']);
                if !(d.is_ascii_alphanumeric() || d == '.' || sign_after_e) {
                    break;
                }
                text.push(d);
                self.bump(1);
            }
            return Ok(Tok::Number(text));
        }
        let found = SYMBOLS
            .iter()
            .find(|s| s.chars().enumerate().all(|(k, sc)| self.at(k) == Some(sc)));
        match found {
            Some(sym) => {
                self.bump(sym.chars().count());
                Ok(Tok::Symbol(sym))
            }
            None => Err(self.error(line, column, format!("unexpected character {c:?}"))),
        }
    }
}

/// Splits `src` into tokens; `file` names it in errors.
pub(crate) fn tokenize(src: &str, file: &str) -> Result<Vec<Token>, SchemaError> {
    let mut cur = Cursor {
        chars: src.chars().collect(),
        i: 0,
        line: 1,
        column: 1,
        file,
    };
    let mut out = Vec::new();
    while cur.skip_blank()? {
        let (line, column) = (cur.line, cur.column);
        let c = cur.at(0).unwrap_or(' ');
        let tok = cur.token(c)?;
        out.push(Token { tok, line, column });
    }
    Ok(out)
}
