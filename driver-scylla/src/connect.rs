//! Opening a `scylla` session from our [`Config`]: contact points, keyspace,
//! local DC, credentials, TLS, and bounded connect and request timeouts.

use std::time::Duration;

use cqlbridge_driver_api::{Config, Error, ErrorKind, Result};
use scylla::client::execution_profile::ExecutionProfile;
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;

use crate::consistency::{consistency, serial};
use crate::{errors, tls};

/// The outer bound on the whole connect: one connect timeout per contact
/// point (tried in turn, at most 8 counted) plus one more, plus a request
/// timeout for the initial metadata fetch.
pub(crate) fn connect_bound(config: &Config) -> Duration {
    let tries = config.contact_points.len().clamp(1, 8) as u32 + 1;
    config.connect_timeout * tries + config.request_timeout
}

/// The session's default execution profile carries our defaults, so even a
/// request the crate makes on its own (metadata, schema agreement) uses them.
fn profile(config: &Config) -> Result<ExecutionProfile> {
    Ok(ExecutionProfile::builder()
        .consistency(consistency(config.consistency)?)
        .serial_consistency(Some(serial(config.serial_consistency)))
        .request_timeout(Some(config.request_timeout))
        .build())
}

/// The session builder for `config` (no I/O yet).
pub(crate) fn builder(config: &Config) -> Result<SessionBuilder> {
    config.validate()?;
    let mut b = SessionBuilder::new()
        .known_nodes(config.contact_addresses())
        .connection_timeout(config.connect_timeout)
        .hostname_resolution_timeout(Some(config.connect_timeout))
        .metadata_request_clientside_timeout(config.request_timeout)
        .schema_agreement_timeout(config.request_timeout.max(Duration::from_secs(10)))
        .default_execution_profile_handle(profile(config)?.into_handle());
    if let Some(c) = &config.credentials {
        b = b.user(c.username.clone(), c.password.expose().to_string());
    }
    if let Some(dc) = &config.local_dc {
        b = b.prefer_datacenter(dc.clone());
    }
    if let Some(t) = &config.tls {
        b = b.tls_context(Some(tls::client_config(t)?));
    }
    if let Some(ks) = &config.keyspace {
        b = b.use_keyspace(ks.clone(), false);
    }
    Ok(b)
}

/// Connects, within [`connect_bound`].
pub(crate) async fn session(config: &Config) -> Result<Session> {
    let builder = builder(config)?;
    let bound = connect_bound(config);
    match tokio::time::timeout(bound, builder.build()).await {
        Ok(Ok(session)) => Ok(session),
        Ok(Err(e)) => Err(errors::new_session(e)),
        Err(_) => Err(Error::new(
            ErrorKind::Connection,
            format!(
                "could not connect to {} within {bound:?}",
                config.contact_addresses().join(", ")
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bound_grows_with_contact_points_but_stays_finite() {
        let c = Config::new(["a"])
            .connect_timeout(Duration::from_secs(2))
            .request_timeout(Duration::from_secs(5));
        assert_eq!(connect_bound(&c), Duration::from_secs(9));
        let many = Config::new((0..50).map(|i| format!("h{i}")))
            .connect_timeout(Duration::from_secs(1))
            .request_timeout(Duration::from_secs(1));
        assert_eq!(connect_bound(&many), Duration::from_secs(10));
    }

    #[test]
    fn bad_configs_fail_before_any_io() {
        let e = builder(&Config::new(Vec::<String>::new())).err().unwrap();
        assert_eq!(e.kind(), &ErrorKind::Config);
        let bad_tls = Config::default().tls(cqlbridge_driver_api::TlsConfig::new().ca_pem(
            b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n".to_vec(),
        ));
        let e = builder(&bad_tls).err().unwrap();
        assert_eq!(e.kind(), &ErrorKind::Config, "{e}");
    }
}
