//! [`CqlType`]: a column's CQL type, parsed from CQL or from the type
//! strings of `system_schema` (`frozen<map<text, frozen<list<int>>>>`,
//! `vector<float, 3>`, `frozen<"Quoted">`) and rendered back as CQL.

use std::fmt;

use crate::error::{SchemaError, SchemaResult};
use crate::ident::quote;
use crate::parse::lexer::{tokenize, Tok};
use crate::parse::stream::Tokens;

/// The native (non-parameterised) CQL types.
const NATIVE: &[&str] = &[
    "ascii",
    "bigint",
    "blob",
    "boolean",
    "counter",
    "date",
    "decimal",
    "double",
    "duration",
    "float",
    "inet",
    "int",
    "smallint",
    "text",
    "time",
    "timestamp",
    "timeuuid",
    "tinyint",
    "uuid",
    "varint",
];

/// A CQL type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CqlType {
    /// A native type by its CQL name (`int`, `text`; `varchar` is `text`).
    Native(String),
    /// `list<T>`.
    List(Box<CqlType>),
    /// `set<T>`.
    Set(Box<CqlType>),
    /// `map<K, V>`.
    Map(Box<CqlType>, Box<CqlType>),
    /// `tuple<…>`.
    Tuple(Vec<CqlType>),
    /// A user-defined type of the same keyspace, by name.
    Udt(String),
    /// `frozen<T>`.
    Frozen(Box<CqlType>),
    /// `vector<T, N>`.
    Vector(Box<CqlType>, u32),
    /// A custom type: its class name, as a string literal in CQL.
    Custom(String),
}

impl CqlType {
    /// Parses a type string, as `system_schema` writes it or as CQL does,
    /// in canonical form (see [`CqlType::canonical`]).
    pub fn parse(text: &str) -> SchemaResult<CqlType> {
        let mut toks = Tokens::new(tokenize(text, "<type>")?, "<type>");
        let t = parse_type(&mut toks)?;
        if !toks.at_end() {
            return Err(toks.error(format!("unexpected {} after the type", toks.found())));
        }
        Ok(t.canonical())
    }

    /// The form Cassandra stores: a tuple is frozen; inside a frozen type
    /// every collection, tuple and UDT is frozen too (once).
    pub fn canonical(&self) -> CqlType {
        self.canon(false)
    }

    fn canon(&self, in_frozen: bool) -> CqlType {
        let wrap = |t: CqlType| {
            if in_frozen {
                CqlType::Frozen(Box::new(t))
            } else {
                t
            }
        };
        match self {
            CqlType::Frozen(inner) => {
                let inner = inner.unfrozen().canon(true);
                // `canon(true)` of a collection wraps it once: keep that one.
                match inner {
                    CqlType::Frozen(_) => inner,
                    other => CqlType::Frozen(Box::new(other)),
                }
            }
            CqlType::List(e) => wrap(CqlType::List(Box::new(e.canon(in_frozen)))),
            CqlType::Set(e) => wrap(CqlType::Set(Box::new(e.canon(in_frozen)))),
            CqlType::Map(k, v) => wrap(CqlType::Map(
                Box::new(k.canon(in_frozen)),
                Box::new(v.canon(in_frozen)),
            )),
            CqlType::Tuple(items) => CqlType::Frozen(Box::new(CqlType::Tuple(
                items.iter().map(|t| t.canon(true)).collect(),
            ))),
            CqlType::Udt(_) => wrap(self.clone()),
            CqlType::Vector(e, n) => CqlType::Vector(Box::new(e.canon(in_frozen)), *n),
            CqlType::Native(_) | CqlType::Custom(_) => self.clone(),
        }
    }

    /// The type inside any `frozen<…>`.
    fn unfrozen(&self) -> &CqlType {
        match self {
            CqlType::Frozen(t) => t.unfrozen(),
            t => t,
        }
    }

    /// The UDT names this type mentions, in order.
    pub fn udts(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_udts(&mut out);
        out
    }

    fn collect_udts<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            CqlType::Udt(n) => out.push(n),
            CqlType::List(t) | CqlType::Set(t) | CqlType::Frozen(t) | CqlType::Vector(t, _) => {
                t.collect_udts(out);
            }
            CqlType::Map(k, v) => {
                k.collect_udts(out);
                v.collect_udts(out);
            }
            CqlType::Tuple(items) => items.iter().for_each(|t| t.collect_udts(out)),
            CqlType::Native(_) | CqlType::Custom(_) => {}
        }
    }
}

/// Parses one type at the cursor (not canonicalised).
pub(crate) fn parse_type(toks: &mut Tokens<'_>) -> SchemaResult<CqlType> {
    if let Some(Tok::Str(class)) = toks.peek() {
        let class = class.clone();
        toks.next();
        return Ok(CqlType::Custom(class));
    }
    if let Some(Tok::Quoted(_)) = toks.peek() {
        return udt_name(toks);
    }
    let Some(Tok::Word(word)) = toks.peek() else {
        return Err(toks.error(format!("expected a type, found {}", toks.found())));
    };
    let word = word.to_ascii_lowercase();
    let generic = matches!(toks.peek_at(1), Some(Tok::Symbol("<")));
    let args = |toks: &mut Tokens<'_>, n: usize| -> SchemaResult<Vec<CqlType>> {
        toks.next();
        toks.expect_sym("<")?;
        let mut out = vec![parse_type(toks)?];
        while out.len() < n && toks.eat_sym(",") {
            out.push(parse_type(toks)?);
        }
        Ok(out)
    };
    let t = match word.as_str() {
        "list" | "set" | "frozen" if generic => {
            let mut a = args(toks, 1)?;
            let inner = Box::new(a.remove(0));
            match word.as_str() {
                "list" => CqlType::List(inner),
                "set" => CqlType::Set(inner),
                _ => CqlType::Frozen(inner),
            }
        }
        "map" if generic => {
            let mut a = args(toks, 2)?;
            if a.len() != 2 {
                return Err(toks.error("map needs a key and a value type"));
            }
            let v = a.remove(1);
            CqlType::Map(Box::new(a.remove(0)), Box::new(v))
        }
        "tuple" if generic => CqlType::Tuple(args(toks, usize::MAX)?),
        "vector" if generic => {
            let mut a = args(toks, 1)?;
            toks.expect_sym(",")?;
            let n = match toks.next() {
                Some(Tok::Number(n)) => n.parse::<u32>().ok().filter(|n| *n > 0),
                _ => None,
            }
            .ok_or_else(|| toks.error("a vector's dimension must be a positive integer"))?;
            CqlType::Vector(Box::new(a.remove(0)), n)
        }
        "varchar" => {
            toks.next();
            CqlType::Native("text".into())
        }
        n if NATIVE.contains(&n) => {
            toks.next();
            CqlType::Native(n.to_owned())
        }
        _ => return udt_name(toks),
    };
    if generic {
        toks.expect_sym(">")?;
    }
    Ok(t)
}

/// A UDT name, `[keyspace.]name` (the keyspace is dropped: a UDT is always
/// of the table's keyspace).
fn udt_name(toks: &mut Tokens<'_>) -> SchemaResult<CqlType> {
    let (_, name) = toks.qualified("a type")?;
    Ok(CqlType::Udt(name))
}

impl fmt::Display for CqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CqlType::Native(n) => f.write_str(n),
            CqlType::List(t) => write!(f, "list<{t}>"),
            CqlType::Set(t) => write!(f, "set<{t}>"),
            CqlType::Map(k, v) => write!(f, "map<{k}, {v}>"),
            CqlType::Tuple(items) => {
                let items: Vec<String> = items.iter().map(ToString::to_string).collect();
                write!(f, "tuple<{}>", items.join(", "))
            }
            CqlType::Udt(n) => f.write_str(&quote(n)),
            CqlType::Frozen(t) => write!(f, "frozen<{t}>"),
            CqlType::Vector(t, n) => write!(f, "vector<{t}, {n}>"),
            CqlType::Custom(c) => f.write_str(&crate::ident::string_literal(c)),
        }
    }
}

impl std::str::FromStr for CqlType {
    type Err = SchemaError;

    fn from_str(s: &str) -> SchemaResult<CqlType> {
        CqlType::parse(s)
    }
}
