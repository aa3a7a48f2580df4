//! A bench against any cluster: `CQLBRIDGE_BENCH_URL`, a `cql://` URL
//! (`cql://user:password@host:9042,host2/?local_dc=dc1`), read into the
//! bed the benches run against in place of the test bed's variables.

use cqlbridge::Config;
use cqlbridge_testbed::{vars, TestBed};

/// The variable that names the cluster.
pub(crate) const BENCH_URL: &str = "CQLBRIDGE_BENCH_URL";

/// The bed of `url`: its contact points (with the URL's port where one has
/// none), user, password and local datacenter. The benches log in, so a
/// URL without a user and a password is refused; TLS is not read from it.
pub(crate) fn bed_from_url(url: &str) -> Result<TestBed, String> {
    let config = Config::from_url(url).map_err(|e| format!("{BENCH_URL}: {e}"))?;
    let hosts = config
        .contact_points
        .iter()
        .map(|h| {
            if h.contains(':') {
                h.clone()
            } else {
                format!("{h}:{}", config.port)
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    let creds = config
        .credentials
        .as_ref()
        .ok_or_else(|| format!("{BENCH_URL}: the benches need a user and a password in the URL"))?;
    let found = TestBed::from_vars(|name| match name {
        vars::HOSTS => Some(hosts.clone()),
        vars::USER => Some(creds.username.clone()),
        vars::PASSWORD => Some(creds.password.expose().to_string()),
        vars::DATACENTER => config.local_dc.clone(),
        _ => None,
    });
    match found {
        Ok(Some(bed)) => Ok(bed),
        Ok(None) => Err(format!("{BENCH_URL}: no contact point")),
        Err(e) => Err(format!("{BENCH_URL}: {e}")),
    }
}
