//! Opening a `scylla` session from our [`Config`]: contact points, keyspace,
//! local DC, credentials, TLS, and bounded connect and request timeouts.

use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::backend::connect_bound;
use cqlbridge_driver_api::{Config, Error, ErrorKind, Result};
use scylla::client::execution_profile::ExecutionProfile;
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;
use scylla::policies::retry::FallthroughRetryPolicy;

use crate::consistency::{consistency, serial};
use crate::{errors, tls};

/// The session's default execution profile carries our defaults, so even a
/// request the crate makes on its own (metadata, schema agreement) uses them.
fn profile(config: &Config) -> Result<ExecutionProfile> {
    Ok(ExecutionProfile::builder()
        .consistency(consistency(config.consistency)?)
        .serial_consistency(Some(serial(config.serial_consistency)))
        .request_timeout(Some(config.request_timeout))
        // The session applies `Config::retry` itself, alike for every
        // backend: the crate never retries on its own.
        .retry_policy(Arc::new(FallthroughRetryPolicy::new()))
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

/// Connects, within the kit's [`connect_bound`].
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
