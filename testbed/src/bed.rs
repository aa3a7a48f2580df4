//! [`TestBed`] and its parts, read from the `CQLBRIDGE_TEST_*` variables.

use std::env::VarError;
use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::TestBedError;
use crate::parse::Lookup;
use crate::vars::{self, HOW_TO_SET};

/// Where the test bed is and how to log in, as its environment names it.
///
/// Once [`vars::HOSTS`] is set, the superuser ([`vars::USER`],
/// [`vars::PASSWORD`]) must be too; the TLS part is there when
/// [`vars::TLS_HOSTS`] is set, and then needs [`vars::CA`].
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TestBed {
    /// Plain CQL contact points, `host[:port]`, in the given order.
    pub hosts: Vec<String>,
    /// The superuser role the tests log in as.
    pub user: String,
    /// Its password.
    pub password: String,
    /// A role that may log in but holds no permissions, when named.
    pub limited: Option<Role>,
    /// The TLS port and its certificates, when [`vars::TLS_HOSTS`] is set.
    pub tls: Option<Tls>,
    /// How many nodes run ([`vars::NODES`], default 1).
    pub nodes: u32,
    /// The data center's name, when named.
    pub datacenter: Option<String>,
}

/// A role and its password.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Role {
    /// The role's name.
    pub user: String,
    /// Its password.
    pub password: String,
}

/// The TLS side of the test bed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Tls {
    /// TLS contact points, `host[:port]`.
    pub hosts: Vec<String>,
    /// The CA (PEM file) that signed the server's certificate.
    pub ca: PathBuf,
    /// A client identity signed by that CA, when named.
    pub client: Option<Identity>,
    /// The server rejects clients without a certificate
    /// ([`vars::TLS_REQUIRES_CLIENT_CERT`]); then [`Tls::client`] is set.
    pub requires_client_cert: bool,
    /// An unrelated CA (PEM file), for negative tests.
    pub other_ca: Option<PathBuf>,
    /// A client identity signed by the unrelated CA.
    pub other_client: Option<Identity>,
}

/// A client certificate and its key (PEM files).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Identity {
    /// The certificate.
    pub cert: PathBuf,
    /// Its unencrypted PKCS#8 key.
    pub key: PathBuf,
}

impl Identity {
    /// The certificate and key `cert` and `key` name: both or neither.
    fn read<F: Fn(&str) -> Option<String>>(
        env: &Lookup<F>,
        cert: &'static str,
        key: &'static str,
    ) -> Result<Option<Identity>, TestBedError> {
        Ok(env.pair(cert, key)?.map(|(cert, key)| Identity {
            cert: cert.into(),
            key: key.into(),
        }))
    }
}

/// Skips [`TestBed::for_test`] reported in this process.
static SKIPPED: AtomicUsize = AtomicUsize::new(0);

impl TestBed {
    /// Reads the process environment: `Ok(None)` when [`vars::HOSTS`] is
    /// unset or blank, the bed when it and everything it needs are set, and
    /// a [`TestBedError`] naming the variable otherwise (a value that is not
    /// UTF-8 included).
    pub fn from_env() -> Result<Option<TestBed>, TestBedError> {
        for var in vars::ALL {
            if let Err(VarError::NotUnicode(v)) = std::env::var(var) {
                let value = v.to_string_lossy();
                return Err(TestBedError::malformed(var, &value, "not UTF-8"));
            }
        }
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`TestBed::from_env`] over any lookup: `get(name)` is the variable's
    /// value, `None` when unset. Blank values count as unset.
    pub fn from_vars(
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<TestBed>, TestBedError> {
        let env = Lookup(get);
        let Some(hosts) = env.hosts(vars::HOSTS)? else {
            return Ok(None);
        };
        let user = env.require(vars::USER, vars::HOSTS)?;
        let password = env.require(vars::PASSWORD, vars::USER)?;
        let limited = env
            .pair(vars::LIMITED_USER, vars::LIMITED_PASSWORD)?
            .map(|(user, password)| Role { user, password });
        Ok(Some(TestBed {
            hosts,
            user,
            password,
            limited,
            tls: Self::read_tls(&env)?,
            nodes: env.count(vars::NODES, 1)?,
            datacenter: env.get(vars::DATACENTER),
        }))
    }

    fn read_tls<F: Fn(&str) -> Option<String>>(
        env: &Lookup<F>,
    ) -> Result<Option<Tls>, TestBedError> {
        let Some(hosts) = env.hosts(vars::TLS_HOSTS)? else {
            return Ok(None);
        };
        let ca = env.require(vars::CA, vars::TLS_HOSTS)?.into();
        let client = Identity::read(env, vars::CLIENT_CERT, vars::CLIENT_KEY)?;
        let requires_client_cert = env.flag(vars::TLS_REQUIRES_CLIENT_CERT, false)?;
        if requires_client_cert && client.is_none() {
            return Err(TestBedError::Missing {
                var: vars::CLIENT_CERT,
                needed_by: vars::TLS_REQUIRES_CLIENT_CERT,
            });
        }
        Ok(Some(Tls {
            hosts,
            ca,
            client,
            requires_client_cert,
            other_ca: env.path(vars::OTHER_CA),
            other_client: Identity::read(env, vars::OTHER_CLIENT_CERT, vars::OTHER_CLIENT_KEY)?,
        }))
    }

    /// The bed for a `#[test]` that needs one, read by [`TestBed::from_env`].
    ///
    /// When none is configured it returns `None` after a SKIPPED line on
    /// stderr (written past the test harness's capture, so every run shows
    /// it) naming the test and how many were skipped so far in this process:
    /// the caller returns, and the skip is visible and counted, not a silent
    /// pass. A malformed environment fails the test with the variable's name.
    pub fn for_test() -> Option<TestBed> {
        match Self::from_env() {
            Ok(Some(bed)) => Some(bed),
            Ok(None) => {
                let n = SKIPPED.fetch_add(1, Ordering::Relaxed) + 1;
                let thread = std::thread::current();
                let test = thread.name().unwrap_or("a test");
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED {test}: no test bed ({} is unset); {n} skipped so far in this \
                     binary. To run it, {HOW_TO_SET}.",
                    vars::HOSTS
                );
                None
            }
            Err(e) => panic!("{e}"),
        }
    }

    /// How many [`TestBed::for_test`] calls in this process found no bed.
    pub fn skipped() -> usize {
        SKIPPED.load(Ordering::Relaxed)
    }
}

impl fmt::Debug for TestBed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestBed")
            .field("hosts", &self.hosts)
            .field("user", &self.user)
            .field("password", &"***")
            .field("limited", &self.limited)
            .field("tls", &self.tls)
            .field("nodes", &self.nodes)
            .field("datacenter", &self.datacenter)
            .finish()
    }
}

impl fmt::Debug for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Role")
            .field("user", &self.user)
            .field("password", &"***")
            .finish()
    }
}
