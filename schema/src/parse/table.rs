//! `CREATE TABLE`, `CREATE MATERIALIZED VIEW` and their `WITH` properties.

use super::lexer::Tok;
use super::{render_tokens, Parser};
use crate::error::SchemaResult;
use crate::model::{ColumnDef, ColumnKind, OptionValue, Options, Order, TableDef, ViewDef};
use crate::types::{parse_type, CqlType};

/// The names of a `PRIMARY KEY (…)`: partition key, clustering columns.
type Key = (Vec<String>, Vec<String>);

/// `WITH` properties: the clustering order given, and the rest.
type Props = (Vec<(String, Order)>, Vec<(String, OptionValue)>);

impl Parser<'_> {
    pub(super) fn table(&mut self, start: usize) -> SchemaResult<()> {
        self.if_not_exists()?;
        let (ks, name) = self.toks.qualified("a table name")?;
        self.toks.expect_sym("(")?;
        let mut cols: Vec<(String, CqlType, bool)> = Vec::new();
        let mut key: Option<Key> = None;
        loop {
            let mark = self.toks.mark();
            if self.toks.is_kw("primary") {
                self.toks.next();
                self.toks.expect_kw("key")?;
                if key.is_some() {
                    return Err(self.toks.error_at(mark, "a second PRIMARY KEY"));
                }
                key = Some(self.key()?);
            } else {
                let col = self.toks.ident("a column name")?;
                let ty = parse_type(&mut self.toks)?.canonical();
                let is_static = self.toks.eat_kw("static");
                if self.toks.eat_kw("primary") {
                    self.toks.expect_kw("key")?;
                    if key.is_some() {
                        return Err(self.toks.error_at(mark, "a second PRIMARY KEY"));
                    }
                    key = Some((vec![col.clone()], Vec::new()));
                }
                if cols.iter().any(|(c, _, _)| *c == col) {
                    return Err(self
                        .toks
                        .error_at(mark, format!("column {col} is defined twice")));
                }
                cols.push((col, ty, is_static));
            }
            if !self.toks.eat_sym(",") {
                break;
            }
        }
        self.toks.expect_sym(")")?;
        let Some((pk, ck)) = key else {
            return Err(self
                .toks
                .error_at(start, format!("table {name} has no PRIMARY KEY")));
        };
        let (order, options) = if self.toks.eat_kw("with") {
            self.props(true)?
        } else {
            Default::default()
        };
        let mut columns = Vec::new();
        for (col, ty, is_static) in cols {
            let kind = if let Some(_i) = pk.iter().position(|k| *k == col) {
                ColumnKind::PartitionKey
            } else if ck.contains(&col) {
                ColumnKind::Clustering
            } else if is_static {
                ColumnKind::Static
            } else {
                ColumnKind::Regular
            };
            columns.push(ColumnDef {
                name: col,
                ty,
                kind,
            });
        }
        let mut table = TableDef {
            name: name.clone(),
            columns: Vec::new(),
            clustering_order: Vec::new(),
            options: options.into_iter().collect(),
        };
        table.columns = self.key_ordered(start, &name, columns, &pk, &ck)?;
        table.clustering_order = self.clustering_order(start, &ck, &order)?;
        let ks = self.keyspace_of(start, ks)?;
        if ks.tables.insert(name.clone(), table).is_some() {
            return Err(self
                .toks
                .error_at(start, format!("table {name} is defined twice")));
        }
        Ok(())
    }

    /// The columns, key columns first in key order; every key column must exist.
    fn key_ordered(
        &self,
        start: usize,
        name: &str,
        mut columns: Vec<ColumnDef>,
        pk: &[String],
        ck: &[String],
    ) -> SchemaResult<Vec<ColumnDef>> {
        let mut out = Vec::new();
        for k in pk.iter().chain(ck) {
            let Some(i) = columns.iter().position(|c| c.name == *k) else {
                return Err(self
                    .toks
                    .error_at(start, format!("{name}: key column {k} is not defined")));
            };
            out.push(columns.remove(i));
        }
        columns.sort_by(|a, b| a.name.cmp(&b.name));
        out.extend(columns);
        Ok(out)
    }

    /// The order of each clustering column from `CLUSTERING ORDER BY`.
    fn clustering_order(
        &self,
        start: usize,
        ck: &[String],
        given: &[(String, Order)],
    ) -> SchemaResult<Vec<Order>> {
        if !given.is_empty() {
            let names: Vec<&String> = given.iter().map(|(n, _)| n).collect();
            if names.len() > ck.len() || names.iter().zip(ck).any(|(a, b)| *a != b) {
                return Err(self.toks.error_at(
                    start,
                    "CLUSTERING ORDER BY must name the clustering columns in key order",
                ));
            }
        }
        Ok((0..ck.len())
            .map(|i| given.get(i).map_or(Order::Asc, |(_, o)| *o))
            .collect())
    }

    /// `( pk | (pk, …) ) { , ck }` inside parentheses.
    fn key(&mut self) -> SchemaResult<Key> {
        self.toks.expect_sym("(")?;
        let mut pk = Vec::new();
        if self.toks.eat_sym("(") {
            loop {
                pk.push(self.toks.ident("a partition key column")?);
                if !self.toks.eat_sym(",") {
                    break;
                }
            }
            self.toks.expect_sym(")")?;
        } else {
            pk.push(self.toks.ident("a partition key column")?);
        }
        let mut ck = Vec::new();
        while self.toks.eat_sym(",") {
            ck.push(self.toks.ident("a clustering column")?);
        }
        self.toks.expect_sym(")")?;
        Ok((pk, ck))
    }

    /// `prop { AND prop }`.
    pub(super) fn props(&mut self, clustering: bool) -> SchemaResult<Props> {
        let mut order = Vec::new();
        let mut props: Vec<(String, OptionValue)> = Vec::new();
        loop {
            let mark = self.toks.mark();
            if clustering && self.toks.eat_kw("clustering") {
                self.toks.expect_kw("order")?;
                self.toks.expect_kw("by")?;
                self.toks.expect_sym("(")?;
                loop {
                    let col = self.toks.ident("a clustering column")?;
                    let o = if self.toks.eat_kw("desc") {
                        Order::Desc
                    } else {
                        self.toks.eat_kw("asc");
                        Order::Asc
                    };
                    order.push((col, o));
                    if !self.toks.eat_sym(",") {
                        break;
                    }
                }
                self.toks.expect_sym(")")?;
            } else if self.toks.is_kw("compact") {
                return Err(self.toks.error("COMPACT STORAGE is not supported"));
            } else {
                let name = self.toks.ident("an option name")?;
                self.toks.expect_sym("=")?;
                let value = match self.toks.peek() {
                    Some(Tok::Symbol("{")) => OptionValue::Map(self.map()?),
                    Some(Tok::Str(s)) => OptionValue::Text(s.clone()),
                    Some(Tok::Number(n)) => OptionValue::number(n),
                    Some(Tok::Word(w)) if w.eq_ignore_ascii_case("true") => OptionValue::Bool(true),
                    Some(Tok::Word(w)) if w.eq_ignore_ascii_case("false") => {
                        OptionValue::Bool(false)
                    }
                    _ => {
                        return Err(self.toks.error(format!(
                            "expected an option value, found {}",
                            self.toks.found()
                        )))
                    }
                };
                if !matches!(value, OptionValue::Map(_)) {
                    self.toks.next();
                }
                if props.iter().any(|(n, _)| *n == name) {
                    return Err(self
                        .toks
                        .error_at(mark, format!("option {name} is given twice")));
                }
                props.push((name, value));
            }
            if !self.toks.eat_kw("and") {
                return Ok((order, props));
            }
        }
    }

    pub(super) fn view(&mut self, start: usize) -> SchemaResult<()> {
        self.if_not_exists()?;
        let (ks, name) = self.toks.qualified("a view name")?;
        self.toks.expect_kw("as")?;
        self.toks.expect_kw("select")?;
        let mut selected = Vec::new();
        let all = self.toks.eat_sym("*");
        if !all {
            loop {
                selected.push(self.toks.ident("a column name")?);
                if !self.toks.eat_sym(",") {
                    break;
                }
            }
        }
        self.toks.expect_kw("from")?;
        let (base_ks, base) = self.toks.qualified("a table name")?;
        self.toks.expect_kw("where")?;
        let mut cond = Vec::new();
        while !(self.toks.is_kw("primary")
            && matches!(self.toks.peek_at(1), Some(Tok::Word(w)) if w.eq_ignore_ascii_case("key")))
        {
            match self.toks.next() {
                Some(t) => cond.push(t),
                None => {
                    return Err(self
                        .toks
                        .error("expected PRIMARY KEY after the WHERE clause"))
                }
            }
        }
        if cond.is_empty() {
            return Err(self.toks.error("the WHERE clause is empty"));
        }
        self.toks.expect_kw("primary")?;
        self.toks.expect_kw("key")?;
        let (pk, ck) = self.key()?;
        let (order, options) = if self.toks.eat_kw("with") {
            self.props(true)?
        } else {
            Default::default()
        };
        let ks_name = ks.or(base_ks);
        let keyspace = self.keyspace_of(start, ks_name.clone())?;
        let Some(base_def) = keyspace.tables.get(&base).cloned() else {
            return Err(self.toks.error_at(
                start,
                format!("view {name}: base table {base} is not defined above"),
            ));
        };
        let wanted = |c: &ColumnDef| {
            (all && c.kind != ColumnKind::Static)
                || selected.contains(&c.name)
                || pk.contains(&c.name)
                || ck.contains(&c.name)
        };
        let mut columns = Vec::new();
        for c in base_def.columns.iter().filter(|c| wanted(c)) {
            columns.push(ColumnDef {
                name: c.name.clone(),
                ty: c.ty.clone(),
                kind: ColumnKind::Regular,
            });
        }
        if let Some(missing) = selected.iter().find(|s| base_def.column(s).is_none()) {
            return Err(self.toks.error_at(
                start,
                format!("view {name}: {base} has no column {missing}"),
            ));
        }
        let columns = self.key_ordered(start, &name, columns, &pk, &ck)?;
        let columns = columns
            .into_iter()
            .map(|mut c| {
                c.kind = if pk.contains(&c.name) {
                    ColumnKind::PartitionKey
                } else if ck.contains(&c.name) {
                    ColumnKind::Clustering
                } else {
                    ColumnKind::Regular
                };
                c
            })
            .collect();
        let view = ViewDef {
            name: name.clone(),
            base_table: base,
            include_all_columns: all,
            columns,
            clustering_order: self.clustering_order(start, &ck, &order)?,
            where_clause: render_tokens(cond.into_iter()),
            options: options.into_iter().collect::<Options>(),
        };
        let keyspace = self.keyspace_of(start, ks_name)?;
        if keyspace.views.insert(name.clone(), view).is_some() {
            return Err(self
                .toks
                .error_at(start, format!("view {name} is defined twice")));
        }
        Ok(())
    }
}
