//! Opening a `scylla` session from our [`Config`]: contact points, keyspace,
//! load balancing (local DC and rack, remote DCs, token awareness),
//! credentials, TLS, and bounded connect and request timeouts. The crate's
//! reconnection backoff cannot be set in a stable build: a config that sets
//! one is refused (see [`check_policies`]).

use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::backend::{check_policies, connect_bound};
use cqlbridge_driver_api::{Config, Error, ErrorKind, Result};
use scylla::client::execution_profile::ExecutionProfile;
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;
use scylla::policies::load_balancing::{DefaultPolicy, LoadBalancingPolicy};
use scylla::policies::retry::FallthroughRetryPolicy;

use crate::capabilities::capabilities;
use crate::consistency::{consistency, serial};
use crate::{errors, tls};

/// The crate's default policy set from [`Config::load_balancing`] and
/// [`Config::local_dc`].
fn load_balancing(config: &Config) -> Arc<dyn LoadBalancingPolicy> {
    let lb = &config.load_balancing;
    let mut b = DefaultPolicy::builder()
        .token_aware(lb.token_aware)
        .permit_dc_failover(lb.allow_remote_dcs);
    if let Some(dc) = &config.local_dc {
        b = match &lb.local_rack {
            Some(rack) => b.prefer_datacenter_and_rack(dc.clone(), rack.clone()),
            None => b.prefer_datacenter(dc.clone()),
        };
    }
    b.build()
}

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
        .load_balancing_policy(load_balancing(config))
        .build())
}

/// The session builder for `config` (no I/O yet).
pub(crate) fn builder(config: &Config) -> Result<SessionBuilder> {
    config.validate()?;
    check_policies(config, &capabilities())?;
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

    #[test]
    fn a_reconnection_backoff_is_refused_and_racks_are_accepted() {
        let backoff = cqlbridge_driver_api::ReconnectPolicy::exponential(
            Duration::from_millis(100),
            Duration::from_secs(5),
        );
        let e = builder(&Config::default().reconnect(backoff))
            .err()
            .unwrap();
        assert!(e.is_unsupported(), "{e}");
        let rack = Config::default().local_dc("dc1").local_rack("rack1");
        assert!(builder(&rack.allow_remote_dcs(true).token_aware(false)).is_ok());
    }
}
