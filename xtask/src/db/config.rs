//! A node's configuration: `cassandra.yaml`, `logback.xml` and the JVM command line.
//!
//! The Maven artifact carries no `conf/`, so the configuration is written here from scratch
//! (option names as in Cassandra 5.0's `cassandra.yaml`; anything not set keeps Cassandra's
//! built-in default). Choices, and why:
//!
//! - **Client ports.** 9042 serves plain CQL; 9142 (`native_transport_port_ssl`, deprecated in
//!   5.0 but working, removed in 5.1) serves TLS only and *requires* a client certificate signed
//!   by the test CA (`require_client_auth: true`). Cassandra 5.0's `require_client_auth` is a
//!   boolean (`optional` arrives in 5.1), and when the TLS port is separate the plain port is
//!   plain-only; so one node can offer plain and mutual TLS, but not TLS without a client
//!   certificate. That shape covers C03 (test CA works, other CA fails, IP SAN, client cert
//!   required) without a second JVM; TLS clients must present `client.pem`.
//! - **Auth.** PasswordAuthenticator + CassandraAuthorizer + CassandraRoleManager, with the
//!   role, permission and credential caches off (validity 0) so new roles and grants apply at
//!   once; `-Dcassandra.superuser_setup_delay_ms=0` creates `cassandra`/`cassandra` at start;
//!   `-Dcassandra.role_password_update_min_interval_in_ms=0` lets tests (and `up`) change a
//!   password twice within 5 s.
//! - **Speed.** `-Dcassandra.ring_delay_ms` 1 s on the seed (which has nobody to wait for) and
//!   5 s on joiners, `-Dcassandra.skip_wait_for_gossip_to_settle=0`; `auto_snapshot: false` so
//!   the suite's many `DROP KEYSPACE`s are cheap.
//! - **Size.** A 1 GiB heap (`CQLBRIDGE_TESTBED_HEAP` overrides), one compactor; fits three
//!   nodes on a 2-core machine.
//! - **Tests.** `batch_size_fail_threshold: 8MiB` (the suite batches large values),
//!   `storage_compatibility_mode: NONE` (a fresh 5.0 cluster, all 5.0 features such as
//!   `vector` and SAI), 16 tokens per node.

use std::fs;
use std::path::Path;

use super::layout::{show, Node, NATIVE_PORT, STORAGE_PORT, TLS_PORT};
use super::tls::{TlsFiles, STORE_PASSWORD};

/// The name of the test bed's cluster.
pub(crate) const CLUSTER_NAME: &str = "cqlbridge-testbed";

/// The data center name the snitch (`SimpleSnitch`) reports.
pub(crate) const DATACENTER: &str = "datacenter1";

/// The JVM entry point.
const MAIN_CLASS: &str = "org.apache.cassandra.service.CassandraDaemon";

/// The default heap of one node.
const DEFAULT_HEAP: &str = "1G";

/// Java module-system options Cassandra 5.0 needs on Java 17 (what its
/// `jvm17-server.options` declares); tools such as nodetool need them too.
const JPMS_OPTIONS: &[&str] = &[
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/java.lang.ref=ALL-UNNAMED",
    "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
    "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
    "--add-exports=java.sql/java.sql=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-exports=jdk.attach/sun.tools.attach=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
    "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
];

/// Writes `cassandra.yaml` and `logback.xml` of `node` and creates its directories.
pub(crate) fn write_node(node: &Node, tls: &TlsFiles) -> Result<(), String> {
    for dir in [node.conf_dir(), node.data_dir(), node.logs_dir()] {
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", show(&dir)))?;
    }
    write(&node.yaml(), &cassandra_yaml(node, tls))?;
    write(&node.conf_dir().join("logback.xml"), &node_logback(node))
}

/// The full JVM argument list that starts `node` from the jars in `lib`.
pub(crate) fn node_jvm_args(node: &Node, lib: &Path) -> Vec<String> {
    let heap = std::env::var("CQLBRIDGE_TESTBED_HEAP")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| DEFAULT_HEAP.to_string());
    let ring_delay_ms = if node.index == 1 { 1000 } else { 5000 };
    let mut args: Vec<String> = vec![
        format!("-Xms{heap}"),
        format!("-Xmx{heap}"),
        "-Xss256k".into(),
        "-XX:+UseG1GC".into(),
        "-XX:+ParallelRefProcEnabled".into(),
        "-XX:MaxGCPauseMillis=300".into(),
        "-XX:+ExitOnOutOfMemoryError".into(),
        "-XX:-UsePerfData".into(),
        "-Djava.net.preferIPv4Stack=true".into(),
        "-Djdk.attach.allowAttachSelf=true".into(),
        "-Dio.netty.tryReflectionSetAccessible=true".into(),
        "-Dio.netty.allocator.useCacheForAllThreads=true".into(),
        "-Dio.netty.allocator.maxOrder=11".into(),
        format!("-javaagent:{}", show(&lib.join("jamm-0.4.0.jar"))),
        format!("-Dcassandra.config=file://{}", show(&node.yaml())),
        format!("-Dcassandra.storagedir={}", show(&node.data_dir())),
        format!("-Dcassandra.logdir={}", show(&node.logs_dir())),
        format!(
            "-Dlogback.configurationFile={}",
            show(&node.conf_dir().join("logback.xml"))
        ),
        format!("-Dcassandra.jmx.local.port={}", node.jmx_port()),
        "-Dcassandra.skip_wait_for_gossip_to_settle=0".into(),
        format!("-Dcassandra.ring_delay_ms={ring_delay_ms}"),
        "-Dcassandra.superuser_setup_delay_ms=0".into(),
        "-Dcassandra.role_password_update_min_interval_in_ms=0".into(),
    ];
    args.extend(JPMS_OPTIONS.iter().map(|s| s.to_string()));
    args.push("-cp".into());
    args.push(show(&lib.join("*")));
    args.push(MAIN_CLASS.into());
    args
}

/// JVM arguments for a command-line tool (nodetool) from the jars in `lib`.
pub(crate) fn tool_jvm_args(lib: &Path, logback: &Path) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "-Xmx256m".into(),
        "-XX:+UseSerialGC".into(),
        "-XX:TieredStopAtLevel=1".into(),
        "-XX:-UsePerfData".into(),
        "-Djava.net.preferIPv4Stack=true".into(),
        format!("-Dlogback.configurationFile={}", show(logback)),
    ];
    args.extend(JPMS_OPTIONS.iter().map(|s| s.to_string()));
    args.push("-cp".into());
    args.push(show(&lib.join("*")));
    args
}

/// A logback configuration for tools: warnings and errors to standard error.
pub(crate) const TOOLS_LOGBACK: &str = r#"<configuration>
  <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%-5level %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="STDERR"/></root>
</configuration>
"#;

/// The node's `cassandra.yaml`.
fn cassandra_yaml(node: &Node, tls: &TlsFiles) -> String {
    let ip = node.ip();
    let data = node.data_dir();
    let dir = |name: &str| show(&data.join(name));
    format!(
        r#"# Written by `cargo xtask db up` for the cqlbridge test bed ({name}). Do not edit: regenerated on
# every `up`. See xtask/src/db/config.rs for the choices.
cluster_name: {CLUSTER_NAME}
num_tokens: 16
allocate_tokens_for_local_replication_factor: 3
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:{STORAGE_PORT}"

listen_address: {ip}
rpc_address: {ip}
storage_port: {STORAGE_PORT}
start_native_transport: true
native_transport_port: {NATIVE_PORT}
native_transport_port_ssl: {TLS_PORT}

data_file_directories:
  - {data_files}
commitlog_directory: {commitlog}
saved_caches_directory: {saved_caches}
hints_directory: {hints}
cdc_raw_directory: {cdc_raw}
commitlog_sync: periodic
commitlog_sync_period: 10000ms
storage_compatibility_mode: NONE

authenticator: PasswordAuthenticator
authorizer: CassandraAuthorizer
role_manager: CassandraRoleManager
roles_validity: 0ms
permissions_validity: 0ms
credentials_validity: 0ms

client_encryption_options:
  enabled: true
  optional: false
  keystore: {keystore}
  keystore_password: {STORE_PASSWORD}
  truststore: {truststore}
  truststore_password: {STORE_PASSWORD}
  store_type: PKCS12
  require_client_auth: true
  accepted_protocols: [TLSv1.2, TLSv1.3]

# Materialized views are off by default in 5.0; the examples and conformance cases read them.
materialized_views_enabled: true

auto_snapshot: false
concurrent_compactors: 1
batch_size_warn_threshold: 1MiB
batch_size_fail_threshold: 8MiB
"#,
        name = node.name(),
        data_files = dir("data"),
        commitlog = dir("commitlog"),
        saved_caches = dir("saved_caches"),
        hints = dir("hints"),
        cdc_raw = dir("cdc_raw"),
        keystore = show(&tls.keystore()),
        truststore = show(&tls.truststore()),
    )
}

/// The node's logback configuration: INFO and up to `logs/system.log`.
fn node_logback(node: &Node) -> String {
    format!(
        r#"<configuration scan="false">
  <appender name="SYSTEMLOG" class="ch.qos.logback.core.FileAppender">
    <file>{log}</file>
    <encoder><pattern>%-5level [%thread] %date{{ISO8601}} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="SYSTEMLOG"/></root>
</configuration>
"#,
        log = show(&node.system_log())
    )
}

/// Writes `text` to `path`.
fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", show(path)))
}
