//! The names of the variables [`TestBed`](crate::TestBed) reads, as
//! `xtask/src/db/env.rs` writes them.

/// Plain CQL contact points, `host:port[,…]`; unset means no test bed.
pub const HOSTS: &str = "CQLBRIDGE_TEST_HOSTS";
/// TLS contact points, `host:port[,…]`.
pub const TLS_HOSTS: &str = "CQLBRIDGE_TEST_TLS_HOSTS";
/// `1` when the TLS port rejects clients without a certificate.
pub const TLS_REQUIRES_CLIENT_CERT: &str = "CQLBRIDGE_TEST_TLS_REQUIRES_CLIENT_CERT";
/// The superuser role.
pub const USER: &str = "CQLBRIDGE_TEST_USER";
/// The superuser's password.
pub const PASSWORD: &str = "CQLBRIDGE_TEST_PASSWORD";
/// A role that may log in but holds no permissions.
pub const LIMITED_USER: &str = "CQLBRIDGE_TEST_LIMITED_USER";
/// That role's password.
pub const LIMITED_PASSWORD: &str = "CQLBRIDGE_TEST_LIMITED_PASSWORD";
/// The test CA (PEM) that signed the server's and the client's certificates.
pub const CA: &str = "CQLBRIDGE_TEST_CA";
/// An unrelated CA (PEM), for negative tests.
pub const OTHER_CA: &str = "CQLBRIDGE_TEST_OTHER_CA";
/// A client certificate (PEM) signed by the test CA.
pub const CLIENT_CERT: &str = "CQLBRIDGE_TEST_CLIENT_CERT";
/// Its key (unencrypted PKCS#8 PEM).
pub const CLIENT_KEY: &str = "CQLBRIDGE_TEST_CLIENT_KEY";
/// A client certificate (PEM) signed by the other CA.
pub const OTHER_CLIENT_CERT: &str = "CQLBRIDGE_TEST_OTHER_CLIENT_CERT";
/// Its key.
pub const OTHER_CLIENT_KEY: &str = "CQLBRIDGE_TEST_OTHER_CLIENT_KEY";
/// How many nodes run (default 1).
pub const NODES: &str = "CQLBRIDGE_TEST_NODES";
/// The data center's name.
pub const DATACENTER: &str = "CQLBRIDGE_TEST_DATACENTER";

/// Every variable above.
pub const ALL: [&str; 15] = [
    HOSTS,
    TLS_HOSTS,
    TLS_REQUIRES_CLIENT_CERT,
    USER,
    PASSWORD,
    LIMITED_USER,
    LIMITED_PASSWORD,
    CA,
    OTHER_CA,
    CLIENT_CERT,
    CLIENT_KEY,
    OTHER_CLIENT_CERT,
    OTHER_CLIENT_KEY,
    NODES,
    DATACENTER,
];

/// What to do when the variables are not there.
pub const HOW_TO_SET: &str =
    "start the test bed and load its environment: `cargo xtask db up` and \
     `source ~/.cache/cqlbridge/testbed.env` (or export the variables for your own cluster)";
