//! The clock link checking reads: the system's, or one tests move without waiting.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// What checking links asks of time: how long since it started (deadline, timeouts), the date
/// (when a link was last found alive), and waiting (`Retry-After`, backoff between retries).
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The time since a start of the clock's choosing; it never goes back.
    fn elapsed(&self) -> Duration;
    /// Seconds since the Unix epoch.
    fn epoch_seconds(&self) -> u64;
    /// Waits `duration`.
    fn sleep(&self, duration: Duration);
}

/// The system's clock: real waits.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    start: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        Self { start: Instant::now() }
    }
}

impl Clock for SystemClock {
    fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    fn epoch_seconds(&self) -> u64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
    }

    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// A clock that moves only when told to: a wait on it moves it at once, and a test server
/// moves it to stand for an answer that takes long.
#[cfg(test)]
#[derive(Debug)]
pub(crate) struct ManualClock {
    elapsed: std::sync::Mutex<Duration>,
    epoch_start: u64,
}

#[cfg(test)]
impl ManualClock {
    /// A clock at `epoch_start` seconds since the epoch.
    pub(crate) fn new(epoch_start: u64) -> Self {
        Self { elapsed: std::sync::Mutex::default(), epoch_start }
    }

    /// Moves the clock `by` forward.
    pub(crate) fn advance(&self, by: Duration) {
        *self.elapsed.lock().expect("no test panics while moving the clock") += by;
    }
}

#[cfg(test)]
impl Clock for ManualClock {
    fn elapsed(&self) -> Duration {
        *self.elapsed.lock().expect("no test panics while moving the clock")
    }

    fn epoch_seconds(&self) -> u64 {
        self.epoch_start + self.elapsed().as_secs()
    }

    fn sleep(&self, duration: Duration) {
        self.advance(duration);
    }
}
