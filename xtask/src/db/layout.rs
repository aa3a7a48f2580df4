//! Where the test bed keeps things, and the addresses and ports of its nodes.
//!
//! Everything lives under one cache root outside the repository:
//! `$CQLBRIDGE_CACHE_DIR`, else `$XDG_CACHE_HOME/cqlbridge`, else `~/.cache/cqlbridge` (the
//! rule of the `cache` module, shared with the C++ driver's provisioning and its build script).
//!
//! ```text
//! <root>/m2/                         Maven's local repository for the fetch
//! <root>/cassandra-<ver>/lib/        the verified Cassandra jars (the classpath)
//! <root>/tls/                        test CA, server/client certs, keystore, truststore
//! <root>/nodes/nodeN/conf/           cassandra.yaml, logback.xml of node N
//! <root>/nodes/nodeN/data/           data, commit log, hints, saved caches (removed by `down`)
//! <root>/nodes/nodeN/logs/           system.log, stdout.log (kept by `down`, cleared by `up`)
//! <root>/nodes/nodeN/cassandra.pid   the pid `up` started (removed by `down`)
//! <root>/testbed.env                 `export` lines for the test suite (removed by `down`)
//! ```

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use crate::cache;

/// The CQL port every node serves plain (unencrypted) clients on.
pub(crate) const NATIVE_PORT: u16 = 9042;
/// The CQL port every node serves TLS clients on; it requires a client certificate.
pub(crate) const TLS_PORT: u16 = 9142;
/// The internode (gossip, streaming) port, on each node's own address.
pub(crate) const STORAGE_PORT: u16 = 7000;
/// The largest cluster `up` starts: one address per node in 127.0.0.1..=127.0.0.3.
pub(crate) const MAX_NODES: u8 = 3;

/// The cache root and the paths under it.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    /// The cache root.
    pub(crate) root: PathBuf,
}

impl Layout {
    /// Resolves the cache root from the environment, by the rule of the `cache` module.
    pub(crate) fn from_env() -> Result<Self, String> {
        Ok(Self {
            root: cache::root()?,
        })
    }

    /// Maven's local repository used for the fetch.
    pub(crate) fn m2_dir(&self) -> PathBuf {
        self.root.join("m2")
    }

    /// The directory of one Cassandra version's jars and fetch files.
    pub(crate) fn cassandra_dir(&self, version: &str) -> PathBuf {
        self.root.join(format!("cassandra-{version}"))
    }

    /// The test certificates and stores.
    pub(crate) fn tls_dir(&self) -> PathBuf {
        self.root.join("tls")
    }

    /// The parent of every node's directory.
    pub(crate) fn nodes_dir(&self) -> PathBuf {
        self.root.join("nodes")
    }

    /// The `export` file for the test suite.
    pub(crate) fn env_file(&self) -> PathBuf {
        self.root.join("testbed.env")
    }

    /// Node `index` (1-based).
    pub(crate) fn node(&self, index: u8) -> Node {
        Node {
            index,
            dir: self.nodes_dir().join(format!("node{index}")),
        }
    }

    /// Every node slot, running or not.
    pub(crate) fn all_nodes(&self) -> Vec<Node> {
        (1..=MAX_NODES).map(|i| self.node(i)).collect()
    }
}

/// One node's identity, addresses and directories.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// 1-based; node 1 is the seed.
    pub(crate) index: u8,
    /// `<root>/nodes/nodeN`.
    pub(crate) dir: PathBuf,
}

impl Node {
    /// The node's name in messages, `nodeN`.
    pub(crate) fn name(&self) -> String {
        format!("node{}", self.index)
    }

    /// Its loopback address, 127.0.0.N.
    pub(crate) fn ip(&self) -> Ipv4Addr {
        Ipv4Addr::new(127, 0, 0, self.index)
    }

    /// The plain CQL endpoint.
    pub(crate) fn cql_addr(&self) -> SocketAddr {
        SocketAddr::from((self.ip(), NATIVE_PORT))
    }

    /// The TLS (client-certificate) CQL endpoint.
    pub(crate) fn tls_addr(&self) -> SocketAddr {
        SocketAddr::from((self.ip(), TLS_PORT))
    }

    /// The JMX port, on 127.0.0.1: 7199, 7299, 7399.
    pub(crate) fn jmx_port(&self) -> u16 {
        7099 + 100 * u16::from(self.index)
    }

    /// `conf/` of the node.
    pub(crate) fn conf_dir(&self) -> PathBuf {
        self.dir.join("conf")
    }

    /// `data/` of the node: everything `down` removes.
    pub(crate) fn data_dir(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// `logs/` of the node.
    pub(crate) fn logs_dir(&self) -> PathBuf {
        self.dir.join("logs")
    }

    /// The node's `cassandra.yaml`; its path also identifies the node's process.
    pub(crate) fn yaml(&self) -> PathBuf {
        self.conf_dir().join("cassandra.yaml")
    }

    /// The node's main log.
    pub(crate) fn system_log(&self) -> PathBuf {
        self.logs_dir().join("system.log")
    }

    /// The JVM's own standard output and error.
    pub(crate) fn stdout_log(&self) -> PathBuf {
        self.logs_dir().join("stdout.log")
    }

    /// The pid file written by `up`.
    pub(crate) fn pid_file(&self) -> PathBuf {
        self.dir.join("cassandra.pid")
    }
}

/// `path` as a string for config files and messages.
pub(crate) fn show(path: &Path) -> String {
    path.display().to_string()
}
