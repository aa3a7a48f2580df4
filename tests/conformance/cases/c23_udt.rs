//! C23 UDTs in use (C10.udt proves nested values round-trip; this proves
//! what users do with them): a non-frozen UDT column and a
//! `list<frozen<person>>` whose `person` nests a frozen `addr`, written with
//! null fields (text and prepared); single fields set and nulled by
//! `UPDATE … SET home.city = ?`; fields selected as columns (`home.city`); a
//! UDT appended to the list; a literal naming only some fields (the rest
//! read null); and after `ALTER TYPE … ADD`, rows written before read the
//! new field as null, at the top level and nested inside the list.

use super::prelude::*;

/// The two types, in creation order.
const TYPES: [&str; 2] = [
    "addr (street text, city text, zip int)",
    "person (name text, home frozen<addr>)",
];

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

fn opt_text(s: Option<&str>) -> Value {
    s.map(text).unwrap_or(Value::Null)
}

/// An `addr`; `country` is `Some` once the type has that field.
fn addr(
    ks: &str,
    street: Option<&str>,
    city: Option<&str>,
    zip: Option<i32>,
    country: Option<Value>,
) -> Value {
    let mut fields = vec![
        ("street".to_string(), opt_text(street)),
        ("city".to_string(), opt_text(city)),
        (
            "zip".to_string(),
            zip.map(Value::Int).unwrap_or(Value::Null),
        ),
    ];
    fields.extend(country.map(|c| ("country".to_string(), c)));
    Value::udt(ks, "addr", fields)
}

fn person(ks: &str, name: &str, home: Value) -> Value {
    Value::udt(
        ks,
        "person",
        vec![("name".into(), text(name)), ("home".into(), home)],
    )
}

/// `[home, people]` of key `k`.
async fn read(c: &dyn Client, t: &str, k: i32) -> Step<Vec<Value>> {
    let r = c
        .execute(
            q(format!("SELECT home, people FROM {t} WHERE k = ?")),
            vals((k,)),
        )
        .await
        .ctx("read home, people")?;
    Ok(one_row(&r, "home, people")?.values().to_vec())
}

/// Fails unless `got` is `want`, value by value.
fn check(got: &[Value], want: &[Value], what: &str) -> Step {
    ensure!(
        got.len() == want.len() && got.iter().zip(want).all(|(g, w)| g.same_as(w)),
        "{what}: read {got:?}, expected {want:?}"
    );
    Ok(())
}

/// C23.
pub async fn c23(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Udt).await?;
    let ks = ctx.ks.as_str();
    for ty in TYPES {
        ctx.ddl(&format!("CREATE TYPE {ks}.{ty}")).await?;
    }
    let t = ctx.t("people");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int PRIMARY KEY, home addr, people list<frozen<person>>)"
    ))
    .await?;
    let c = ctx.client().await?;

    let full = addr(ks, Some("1 Main St"), Some("Oslo"), Some(150), None);
    let mut home = addr(ks, Some("1 Main St"), None, Some(123), None);
    let mut people = vec![
        person(ks, "Ada", full.clone()),
        person(ks, "Bob", Value::Null),
    ];
    let insert = format!("INSERT INTO {t} (k, home, people) VALUES (?, ?, ?)");
    let p_insert = c.prepare(&insert).await.ctx("prepare insert")?;
    for (k, query) in [(1, q(insert.as_str())), (2, Query::from(&p_insert))] {
        c.execute(query, vals((k, home.clone(), Value::List(people.clone()))))
            .await
            .ctx(format!("insert k = {k}"))?;
        let how = if k == 1 { "text" } else { "prepared" };
        check(
            &read(&*c, &t, k).await?,
            &[home.clone(), Value::List(people.clone())],
            &format!("{how} insert with null fields and a null nested UDT"),
        )?;
    }

    c.execute(
        q(format!("UPDATE {t} SET home.city = ? WHERE k = 1")),
        vals(("Bergen",)),
    )
    .await
    .ctx("set one field")?;
    c.execute(
        q(format!("UPDATE {t} SET home.zip = ? WHERE k = 1")),
        vals((Value::Null,)),
    )
    .await
    .ctx("null one field")?;
    home = addr(ks, Some("1 Main St"), Some("Bergen"), None, None);
    check(
        &read(&*c, &t, 1).await?,
        &[home.clone(), Value::List(people.clone())],
        "after setting home.city and nulling home.zip",
    )?;

    let r = c
        .execute(
            q(format!(
                "SELECT home.city, home.zip, home.street FROM {t} WHERE k = 1"
            )),
            Values::Empty,
        )
        .await
        .ctx("select fields")?;
    let row = one_row(&r, "fields")?;
    let names: Vec<&str> = row.columns().iter().map(|c| c.name.as_str()).collect();
    ensure!(
        names == ["home.city", "home.zip", "home.street"],
        "field selection named its columns {names:?}"
    );
    check(
        row.values(),
        &[text("Bergen"), Value::Null, text("1 Main St")],
        "fields selected as columns",
    )?;

    let cy = person(ks, "Cy", addr(ks, None, Some("Rome"), Some(9), None));
    c.execute(
        q(format!("UPDATE {t} SET people = people + ? WHERE k = 1")),
        vals((Value::List(vec![cy.clone()]),)),
    )
    .await
    .ctx("append a UDT to the list")?;
    people.push(cy);
    check(
        &read(&*c, &t, 1).await?,
        &[home.clone(), Value::List(people.clone())],
        "after appending to list<frozen<person>>",
    )?;

    c.execute(
        q(format!(
            "INSERT INTO {t} (k, home) VALUES (3, {{street: 'Only St'}})"
        )),
        Values::Empty,
    )
    .await
    .ctx("insert a literal naming one field")?;
    check(
        &read(&*c, &t, 3).await?,
        &[addr(ks, Some("Only St"), None, None, None), Value::Null],
        "a UDT literal naming only street",
    )?;

    ctx.ddl(&format!("ALTER TYPE {ks}.addr ADD country text"))
        .await?;
    let grown = |a: &Value| match a {
        Value::Udt(u) => {
            let mut u = u.clone();
            u.fields.push(("country".into(), Value::Null));
            Value::Udt(u)
        }
        other => other.clone(),
    };
    let grown_people: Vec<Value> = people
        .iter()
        .map(|p| match p {
            Value::Udt(u) => {
                let mut u = u.clone();
                for (name, v) in &mut u.fields {
                    if name == "home" {
                        *v = grown(v);
                    }
                }
                Value::Udt(u)
            }
            other => other.clone(),
        })
        .collect();
    // Read by a statement without values: nothing prepared before the ALTER
    // (whose result metadata names the old type) takes part.
    let r = c
        .execute(
            q(format!("SELECT home, people FROM {t} WHERE k = 1")),
            Values::Empty,
        )
        .await
        .ctx("read after ALTER TYPE")?;
    check(
        one_row(&r, "after ALTER TYPE")?.values(),
        &[grown(&home), Value::List(grown_people)],
        "after ALTER TYPE addr ADD country, a row written before",
    )?;
    c.execute(
        q(format!("UPDATE {t} SET home.country = ? WHERE k = 1")),
        vals(("NO",)),
    )
    .await
    .ctx("set the added field")?;
    let r = c
        .execute(
            q(format!("SELECT home FROM {t} WHERE k = 1")),
            Values::Empty,
        )
        .await
        .ctx("read home")?;
    let want = addr(
        ks,
        Some("1 Main St"),
        Some("Bergen"),
        None,
        Some(text("NO")),
    );
    check(
        one_row(&r, "home")?.values(),
        &[want],
        "after setting the added field",
    )?;
    Ok("non-frozen UDT and list<frozen<person{home frozen<addr>}>> with null fields (text, prepared); \
        field set/null by UPDATE; fields selected as columns; list append; partial literal; \
        ALTER TYPE ADD reads null in old rows, top level and nested"
        .into())
}
