//! The `option_setters!` macro: builder methods for a type's own `options`.

/// Builder methods shared by statements, prepared statements and batches: each sets one
/// field of the own `options` (an `ExecOptions`).
macro_rules! option_setters {
    () => {
        /// Sets this statement's consistency level.
        pub fn with_consistency(mut self, c: $crate::Consistency) -> Self {
            self.options.consistency = Some(c);
            self
        }

        /// Sets this statement's serial consistency.
        pub fn with_serial_consistency(mut self, c: $crate::SerialConsistency) -> Self {
            self.options.serial_consistency = Some(c);
            self
        }

        /// Sets this statement's client-side timeout.
        pub fn with_timeout(mut self, t: ::std::time::Duration) -> Self {
            self.options.timeout = Some(t);
            self
        }

        /// Sets this statement's page size.
        pub fn with_page_size(mut self, p: $crate::PageSize) -> Self {
            self.options.page_size = Some(p);
            self
        }

        /// Marks this statement idempotent (safe to retry) or not.
        pub fn with_idempotent(mut self, yes: bool) -> Self {
            self.options.idempotent = Some(yes);
            self
        }

        /// Sets this statement's write timestamp (µs since the epoch).
        pub fn with_timestamp(mut self, micros: i64) -> Self {
            self.options.timestamp = Some(micros);
            self
        }

        /// Runs this statement under the execution profile `name` (see
        /// [`Config::profile`](crate::Config::profile)): the profile's options
        /// fill what this statement leaves unset, the session defaults the
        /// rest; an unknown name is a `Config` error at the call.
        pub fn with_profile(mut self, name: impl Into<String>) -> Self {
            self.options.profile = Some(name.into());
            self
        }

        /// Asks the server to trace this statement: the result's
        /// [`tracing_id`](crate::QueryResult::tracing_id) names the trace,
        /// which [`Session::trace`](crate::Session::trace) reads.
        pub fn with_tracing(mut self, yes: bool) -> Self {
            self.options.tracing = Some(yes);
            self
        }

        /// Replaces all of this statement's options.
        pub fn with_options(mut self, options: $crate::ExecOptions) -> Self {
            self.options = options;
            self
        }

        /// This statement's own options (unset fields fall back to the session's).
        pub fn options(&self) -> &$crate::ExecOptions {
            &self.options
        }
    };
}
