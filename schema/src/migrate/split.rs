//! CQL scripts split into statements: on `;` outside quotes (`'…'`,
//! `"…"`, `$$…$$`) and comments (`--`, `//`, `/* … */`), each with the line
//! it starts on; `BEGIN … BATCH … APPLY BATCH` stays one statement.
//! A statement's text starts at its first character that is not blank or
//! part of a comment. Migration files and `cqlbridge exec` share it.

use std::fmt;

/// One statement of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptStatement {
    /// Its text, without the closing `;`, trimmed.
    pub text: String,
    /// The 1-based line of its first character that is not blank or a comment.
    pub line: usize,
}

/// A script that cannot be split: a quote or comment left open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// The 1-based line the quote or comment opens on.
    pub line: usize,
    /// What is left open.
    pub reason: &'static str,
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for SplitError {}

/// Where the scanner is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    Single,
    Double,
    Dollar,
    LineComment,
    BlockComment,
}

/// Splits `script` into statements, in order; pieces that hold only blanks
/// and comments are left out. An unclosed quote or comment is an error
/// naming the line it opens on.
pub fn split(script: &str) -> Result<Vec<ScriptStatement>, SplitError> {
    let chars: Vec<char> = script.chars().collect();
    let mut pieces = Vec::new();
    let (mut state, mut opened) = (State::Code, 0);
    let mut current = String::new();
    let mut start: Option<usize> = None;
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let mut width = 1;
        match state {
            State::Code => match (c, next) {
                (';', _) => {
                    if let Some(l) = start.take() {
                        pieces.push(ScriptStatement {
                            text: current.trim().to_string(),
                            line: l,
                        });
                    }
                    current.clear();
                    i += 1;
                    continue;
                }
                ('-', Some('-')) | ('/', Some('/')) => (state, width) = (State::LineComment, 2),
                ('/', Some('*')) => (state, opened, width) = (State::BlockComment, line, 2),
                ('\'', _) => (state, opened) = (State::Single, line),
                ('"', _) => (state, opened) = (State::Double, line),
                ('$', Some('$')) => (state, opened, width) = (State::Dollar, line, 2),
                _ => {}
            },
            State::Single if c == '\'' => {
                // `''` inside a string is an escaped quote.
                if next == Some('\'') {
                    width = 2;
                } else {
                    state = State::Code;
                }
            }
            State::Double if c == '"' => {
                if next == Some('"') {
                    width = 2;
                } else {
                    state = State::Code;
                }
            }
            State::Dollar if c == '$' && next == Some('$') => (state, width) = (State::Code, 2),
            State::LineComment if c == '\n' => state = State::Code,
            State::BlockComment if c == '*' && next == Some('/') => {
                (state, width) = (State::Code, 2);
            }
            _ => {}
        }
        let in_comment = matches!(state, State::LineComment | State::BlockComment);
        if start.is_none() && !in_comment && !c.is_whitespace() && (c != '*' || width != 2) {
            start = Some(line);
            current.clear();
        }
        for &ch in &chars[i..i + width] {
            current.push(ch);
            if ch == '\n' {
                line += 1;
            }
        }
        i += width;
    }
    match state {
        State::Code | State::LineComment => {}
        State::Single | State::Double | State::Dollar => {
            return Err(SplitError {
                line: opened,
                reason: "unclosed quote",
            });
        }
        State::BlockComment => {
            return Err(SplitError {
                line: opened,
                reason: "unclosed /* comment",
            });
        }
    }
    if let Some(l) = start {
        pieces.push(ScriptStatement {
            text: current.trim().to_string(),
            line: l,
        });
    }
    Ok(merge_batches(pieces))
}

/// Joins the pieces of each `BEGIN … BATCH` up to its `APPLY BATCH`.
fn merge_batches(pieces: Vec<ScriptStatement>) -> Vec<ScriptStatement> {
    let mut out: Vec<ScriptStatement> = Vec::new();
    let mut open = false;
    for piece in pieces {
        let words = |s: &str| {
            s.split_whitespace()
                .map(str::to_ascii_uppercase)
                .collect::<Vec<_>>()
        };
        let ends_batch = words(&piece.text).ends_with(&["APPLY".into(), "BATCH".into()]);
        match out.last_mut() {
            Some(last) if open => {
                last.text.push_str(";\n");
                last.text.push_str(&piece.text);
                open = !ends_batch;
            }
            _ => {
                open = words(&piece.text).first().is_some_and(|w| w == "BEGIN") && !ends_batch;
                out.push(piece);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(script: &str) -> Vec<(usize, String)> {
        split(script)
            .expect("splits")
            .into_iter()
            .map(|s| (s.line, s.text))
            .collect()
    }

    #[test]
    fn semicolons_in_quotes_and_comments_do_not_split() {
        let script = "-- a; comment\nSELECT 'a;b' FROM t;\n/* x;\ny */ INSERT INTO \"we;rd\" (a) VALUES ('it''s;');\n\n  USE ks // trailing; comment\n";
        assert_eq!(
            texts(script),
            vec![
                (2, "SELECT 'a;b' FROM t".to_string()),
                (4, "INSERT INTO \"we;rd\" (a) VALUES ('it''s;')".to_string()),
                (6, "USE ks // trailing; comment".to_string()),
            ]
        );
    }

    #[test]
    fn empty_pieces_are_left_out_and_dollar_strings_kept() {
        assert_eq!(texts(";;\n-- only\n;"), Vec::<(usize, String)>::new());
        assert_eq!(texts("SELECT $$a;b$$;")[0].1, "SELECT $$a;b$$");
    }

    #[test]
    fn a_batch_is_one_statement() {
        let s = texts("BEGIN BATCH\nINSERT INTO t (a) VALUES (1);\nINSERT INTO t (a) VALUES (2);\nAPPLY BATCH;\nSELECT 1;");
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0].0, 1);
        assert!(s[0].1.ends_with("APPLY BATCH"), "{s:?}");
        assert_eq!(s[1], (5, "SELECT 1".to_string()));
    }

    #[test]
    fn an_unclosed_quote_names_its_line() {
        let e = split("SELECT 1;\nSELECT 'x;").unwrap_err();
        assert_eq!(e.to_string(), "line 2: unclosed quote");
        assert_eq!(e.line, 2);
    }
}
