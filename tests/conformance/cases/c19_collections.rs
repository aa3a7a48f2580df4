//! C19 collection mutations: the server-side operators on non-frozen
//! collections — set `+` / `-`, list append, prepend, remove (every
//! occurrence), set and delete by index, map put, merge and remove by key —
//! each bound as values, run once as text and once prepared, and the whole
//! row read back after every step. An index past the end of a list is
//! `Invalid`; removing the last element of a set leaves it null.

use std::collections::{BTreeMap, BTreeSet};

use super::prelude::*;

/// The row's collections as the server must hold them after a step (sets
/// and maps in key order, as the server returns them).
#[derive(Clone)]
struct Expected {
    set: BTreeSet<&'static str>,
    list: Vec<i32>,
    map: BTreeMap<&'static str, i32>,
}

impl Expected {
    /// `[s, l, m]` as read back: an empty non-frozen collection is null.
    fn values(&self) -> Vec<Value> {
        let set = Value::Set(self.set.iter().map(|s| text(s)).collect());
        let list = ints(&self.list);
        let map = Value::Map(
            self.map
                .iter()
                .map(|(k, v)| (text(k), Value::Int(*v)))
                .collect(),
        );
        [set, list, map]
            .into_iter()
            .map(|v| if is_empty(&v) { Value::Null } else { v })
            .collect()
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

fn texts(items: &[&str]) -> Value {
    Value::Set(items.iter().map(|s| text(s)).collect())
}

fn ints(items: &[i32]) -> Value {
    Value::List(items.iter().map(|i| Value::Int(*i)).collect())
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Set(x) | Value::List(x) => x.is_empty(),
        Value::Map(x) => x.is_empty(),
        _ => false,
    }
}

/// One mutation: its CQL (`{t}` is the table), its values before the key
/// (the key is bound last), and a function from the state before to after.
struct Mutation {
    cql: &'static str,
    values: Vec<Value>,
    apply: fn(&mut Expected),
}

/// The mutations in order; each `apply` says what the operator must do.
fn mutations() -> Vec<Mutation> {
    vec![
        Mutation {
            cql: "UPDATE {t} SET s = s + ? WHERE k = ?",
            values: vec![texts(&["c"])],
            apply: |e| {
                e.set.insert("c");
            },
        },
        Mutation {
            cql: "UPDATE {t} SET s = s - ? WHERE k = ?",
            values: vec![texts(&["a", "not-there"])],
            apply: |e| e.set.retain(|s| !["a", "not-there"].contains(s)),
        },
        Mutation {
            cql: "UPDATE {t} SET l = l + ? WHERE k = ?",
            values: vec![ints(&[4])],
            apply: |e| e.list.push(4),
        },
        Mutation {
            cql: "UPDATE {t} SET l = ? + l WHERE k = ?",
            values: vec![ints(&[0, 1])],
            apply: |e| e.list = [&[0, 1], &e.list[..]].concat(),
        },
        Mutation {
            cql: "UPDATE {t} SET l = l - ? WHERE k = ?",
            values: vec![ints(&[3])],
            apply: |e| e.list.retain(|x| *x != 3),
        },
        Mutation {
            cql: "UPDATE {t} SET l[?] = ? WHERE k = ?",
            values: vec![Value::Int(1), Value::Int(10)],
            apply: |e| e.list[1] = 10,
        },
        Mutation {
            cql: "DELETE l[?] FROM {t} WHERE k = ?",
            values: vec![Value::Int(0)],
            apply: |e| {
                e.list.remove(0);
            },
        },
        Mutation {
            cql: "UPDATE {t} SET m[?] = ? WHERE k = ?",
            values: vec![text("y"), Value::Int(2)],
            apply: |e| {
                e.map.insert("y", 2);
            },
        },
        Mutation {
            cql: "UPDATE {t} SET m = m + ? WHERE k = ?",
            values: vec![Value::Map(vec![
                (text("x"), Value::Int(5)),
                (text("z"), Value::Int(3)),
            ])],
            apply: |e| e.map.extend([("x", 5), ("z", 3)]),
        },
        Mutation {
            cql: "UPDATE {t} SET m = m - ? WHERE k = ?",
            values: vec![texts(&["y"])],
            apply: |e| {
                e.map.remove("y");
            },
        },
        Mutation {
            cql: "DELETE m[?] FROM {t} WHERE k = ?",
            values: vec![text("x")],
            apply: |e| {
                e.map.remove("x");
            },
        },
        Mutation {
            cql: "UPDATE {t} SET s = s - ? WHERE k = ?",
            values: vec![texts(&["b", "c"])],
            apply: |e| e.set.retain(|s| !["b", "c"].contains(s)),
        },
    ]
}

/// Reads `[s, l, m]` of key `k`.
async fn read(c: &dyn Client, t: &str, k: i32) -> Step<Vec<Value>> {
    let r = c
        .execute(
            q(format!("SELECT s, l, m FROM {t} WHERE k = ?")),
            vals((k,)),
        )
        .await
        .ctx("read back")?;
    Ok(one_row(&r, "read back")?.values().to_vec())
}

/// Runs `cql` with `values` as text or, when `prepared`, prepared first.
async fn run(
    c: &dyn Client,
    cql: &str,
    values: Vec<Value>,
    prepared: bool,
) -> cqlbridge::Result<QueryResult> {
    let query = if prepared {
        Query::from(&c.prepare(cql).await?)
    } else {
        q(cql)
    };
    c.execute(query, Values::Positional(values)).await
}

/// C19.
pub async fn c19(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("coll");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int PRIMARY KEY, s set<text>, l list<int>, m map<text, int>)"
    ))
    .await?;
    let c = ctx.client().await?;
    let steps = mutations();
    for (k, prepared) in [(1, false), (2, true)] {
        let how = if prepared { "prepared" } else { "text" };
        let mut want = Expected {
            set: BTreeSet::from(["a", "b"]),
            list: vec![2, 3, 3],
            map: BTreeMap::from([("x", 1)]),
        };
        let mut first = vec![Value::Int(k)];
        first.extend(want.values());
        run(
            &*c,
            &format!("INSERT INTO {t} (k, s, l, m) VALUES (?, ?, ?, ?)"),
            first,
            prepared,
        )
        .await
        .ctx(format!("{how}: first insert"))?;
        for step in &steps {
            let cql = step.cql.replace("{t}", &t);
            let mut values = step.values.clone();
            values.push(Value::Int(k));
            run(&*c, &cql, values, prepared)
                .await
                .ctx(format!("{how}: `{cql}`"))?;
            (step.apply)(&mut want);
            let got = read(&*c, &t, k).await?;
            let expected = want.values();
            ensure!(
                got.len() == expected.len() && got.iter().zip(&expected).all(|(g, e)| g.same_as(e)),
                "{how}: after `{cql}`: read {got:?}, expected {expected:?}"
            );
        }
        let past_end = run(
            &*c,
            &format!("UPDATE {t} SET l[?] = ? WHERE k = ?"),
            vec![Value::Int(99), Value::Int(0), Value::Int(k)],
            prepared,
        )
        .await;
        let e = expect_err(past_end, "setting l[99]")?;
        ensure!(
            matches!(e.kind(), ErrorKind::Invalid),
            "{how}: setting l[99] of a {}-element list: expected Invalid, got {}",
            want.list.len(),
            show(&e)
        );
    }
    Ok(format!(
        "{} operators (set +/-, list append/prepend/remove/index set/index delete, map put/merge/remove) \
         each matched the expected row, text and prepared; l[99] → Invalid; an emptied set reads null",
        steps.len()
    ))
}
