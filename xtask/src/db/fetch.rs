//! Fetching Apache Cassandra with Maven, verifying it, and caching it.
//!
//! The official binary distribution, `org.apache.cassandra:apache-cassandra:<ver>:tar.gz:bin`,
//! is not published on Maven Central: `dependency:get` finds no such artifact for any 5.0.x
//! (checked 5.0.2 through 5.0.9, November 2026). So the test bed takes the fallback the issue
//! names: `org.apache.cassandra:cassandra-all:<ver>` and its runtime dependencies, copied into
//! one `lib/` directory with `dependency:copy-dependencies`, and run with
//! `org.apache.cassandra.service.CassandraDaemon`. The configuration a distribution would
//! ship (`cassandra.yaml`, JVM options, logback) is written by the `config` module.
//!
//! Verification: Maven runs with `--strict-checksums` (Central's `.sha1` of every file must
//! match), then every jar's sha256 must equal the manifest pinned in the repository
//! (`testbed/cassandra-<ver>-lib.sha256`; no jar missing, none extra), and the main jar's
//! sha512 must equal [`CASSANDRA_ALL_SHA512`]. The check repeats on every `up` (about 0.3 s),
//! so a damaged cache is noticed; a cache that fails it is fetched again.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::layout::{show, Layout};
use crate::cmd;

/// The pinned Cassandra version: the newest 5.0.x on Maven Central when pinned.
pub(crate) const CASSANDRA_VERSION: &str = "5.0.9";

/// The Maven coordinates of the fetched artifact.
pub(crate) const CASSANDRA_ARTIFACT: &str = "org.apache.cassandra:cassandra-all:5.0.9";

/// sha512 of `cassandra-all-5.0.9.jar` (its sha1 matches Central's
/// `43b7878411af27e08b9c5bbb9c115ae313b998f7`).
const CASSANDRA_ALL_SHA512: &str = "1f61ce38d368f41589028183f8eb033f2b1f3730c3c3ceb49c905bc1515460\
2af0e1d431d4c9b8bd2ffb4d45ad39208ea75dc0cf171bef5d70edd0930c0e30d0";

/// `sha256sum` output for every jar of `lib/`, pinned when the version was pinned.
const LIB_MANIFEST: &str = include_str!("../../../testbed/cassandra-5.0.9-lib.sha256");

/// The Maven plugin used for the copy, pinned (Maven 3.8's default is far older).
const DEPENDENCY_PLUGIN: &str = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1";

/// The bound on the Maven run (a cold fetch is about 70 MB).
const MAVEN_LIMIT: Duration = Duration::from_secs(900);

/// Returns the verified `lib/` directory of the pinned Cassandra, fetching it first if the
/// cache lacks it or fails verification.
pub(crate) fn ensure(layout: &Layout) -> Result<PathBuf, String> {
    let dir = layout.cassandra_dir(CASSANDRA_VERSION);
    let lib = dir.join("lib");
    if lib.is_dir() {
        match verify(&lib) {
            Ok(()) => {
                eprintln!(
                    "cassandra {CASSANDRA_VERSION}: cached in {}, verified",
                    show(&lib)
                );
                return Ok(lib);
            }
            Err(e) => eprintln!(
                "cassandra {CASSANDRA_VERSION}: cache fails verification ({e}); fetching again"
            ),
        }
    }
    fetch(layout, &dir)?;
    Ok(lib)
}

/// Copies the artifact and its runtime dependencies into `dir/lib` through a staging
/// directory, so an interrupted fetch never leaves a half-filled `lib/`.
fn fetch(layout: &Layout, dir: &Path) -> Result<(), String> {
    let started = Instant::now();
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", show(dir)))?;
    let pom = dir.join("pom.xml");
    fs::write(&pom, pom_xml()).map_err(|e| format!("cannot write {}: {e}", show(&pom)))?;
    let staging = dir.join("lib.partial");
    remove_dir(&staging)?;
    eprintln!(
        "cassandra {CASSANDRA_VERSION}: fetching {CASSANDRA_ARTIFACT} and its runtime dependencies \
         from Maven Central with mvn (local repository {}) ...",
        show(&layout.m2_dir())
    );
    cmd::run(
        Command::new("mvn")
            .arg("-B")
            .arg("-q")
            .arg("--strict-checksums")
            .arg("-f")
            .arg(&pom)
            .arg(format!("-Dmaven.repo.local={}", show(&layout.m2_dir())))
            .arg(format!("{DEPENDENCY_PLUGIN}:copy-dependencies"))
            .arg("-DincludeScope=runtime")
            .arg(format!("-DoutputDirectory={}", show(&staging))),
        "mvn dependency:copy-dependencies",
        MAVEN_LIMIT,
    )?;
    verify(&staging)?;
    let lib = dir.join("lib");
    remove_dir(&lib)?;
    fs::rename(&staging, &lib)
        .map_err(|e| format!("cannot move {} into place: {e}", show(&staging)))?;
    eprintln!(
        "cassandra {CASSANDRA_VERSION}: {} jars, {:.1} MB, verified, in {} ({:.1} s)",
        LIB_MANIFEST.lines().count(),
        dir_size(&lib) as f64 / 1e6,
        show(&lib),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Checks `lib` against the pinned manifest and the main jar's pinned sha512.
fn verify(lib: &Path) -> Result<(), String> {
    let mut expected: Vec<(&str, &str)> = LIB_MANIFEST
        .lines()
        .filter_map(|line| line.split_once("  "))
        .map(|(hash, name)| (name, hash))
        .collect();
    expected.sort_unstable();
    let mut present: Vec<String> = fs::read_dir(lib)
        .map_err(|e| format!("cannot read {}: {e}", show(lib)))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    present.sort_unstable();
    let names: Vec<&str> = expected.iter().map(|(name, _)| *name).collect();
    if present != names {
        let extra: Vec<&String> = present
            .iter()
            .filter(|p| !names.contains(&p.as_str()))
            .collect();
        let missing: Vec<&&str> = names
            .iter()
            .filter(|n| !present.iter().any(|p| p == *n))
            .collect();
        return Err(format!(
            "jar set differs from the pinned manifest (missing {missing:?}, unexpected {extra:?})"
        ));
    }
    let out = cmd::run(
        Command::new("sha256sum").current_dir(lib).args(&names),
        "sha256sum of the Cassandra jars",
        Duration::from_secs(120),
    )?;
    for ((name, want), line) in expected.iter().zip(out.stdout.lines()) {
        let got = line.split_whitespace().next().unwrap_or_default();
        if got != *want {
            return Err(format!("{name}: sha256 {got}, pinned {want}"));
        }
    }
    let main = format!("cassandra-all-{CASSANDRA_VERSION}.jar");
    let out = cmd::run(
        Command::new("sha512sum").current_dir(lib).arg(&main),
        "sha512sum of the main jar",
        Duration::from_secs(60),
    )?;
    let got = out.stdout.split_whitespace().next().unwrap_or_default();
    if got != CASSANDRA_ALL_SHA512 {
        return Err(format!(
            "{main}: sha512 {got}, pinned {CASSANDRA_ALL_SHA512}"
        ));
    }
    Ok(())
}

/// A throwaway project whose only dependency is the pinned artifact.
fn pom_xml() -> String {
    let mut parts = CASSANDRA_ARTIFACT.split(':');
    let (group, artifact, version) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by `cargo xtask db up`: resolves the Cassandra test bed's classpath. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.cqlbridge</groupId>
  <artifactId>cassandra-testbed</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>{group}</groupId>
      <artifactId>{artifact}</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"#
    )
}

/// Removes a directory tree if it exists.
pub(crate) fn remove_dir(dir: &Path) -> Result<(), String> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {e}", show(dir)))
        }
        _ => Ok(()),
    }
}

/// Total size of the files directly in `dir`.
fn dir_size(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
