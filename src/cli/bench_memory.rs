//! Where the bench's memory peaks: the peak resident set of each part of the run, read
//! from `/proc` and reset between parts, so that the part to make leaner is named. A
//! worker still busy from one part (the agreement, the tagger) counts in the next.

use serde::Serialize;

/// Each part's peak resident memory in MB and what was still resident at its end, in
/// the order the parts ran (empty where the system has no `/proc`).
#[derive(Debug, Default, Serialize)]
pub struct PeakMemory {
    pub parts: Vec<Part>,
    /// Whether the peak could be reset between parts (Linux 4.0 and later; not under
    /// gVisor or WSL 1): if not, each part's peak is the run's so far.
    pub reset: bool,
}

#[derive(Debug, Serialize)]
pub struct Part {
    pub part: String,
    pub peak_mb: f64,
    pub after_mb: f64,
}

impl PeakMemory {
    /// Starts a new part: the peak so far is put down for `part`, then reset to what the
    /// process holds now, so that the next part's peak is its own.
    pub fn part_done(&mut self, part: &str) {
        let (Some(peak_mb), Some(after_mb)) = (resident_mb("VmHWM:"), resident_mb("VmRSS:")) else {
            return;
        };
        self.parts.push(Part {
            part: part.to_owned(),
            peak_mb,
            after_mb,
        });
        // "5" resets the peak to the current resident set (Linux's proc(5), clear_refs).
        self.reset = std::fs::write("/proc/self/clear_refs", "5").is_ok()
            && resident_mb("VmHWM:") <= resident_mb("VmRSS:").map(|now| now + 1.0);
    }

    /// The highest of the parts' peaks: the run's peak.
    pub fn overall(&self) -> f64 {
        self.parts.iter().map(|p| p.peak_mb).fold(0.0, f64::max)
    }
}

/// One of `/proc/self/status`'s sizes in MB: `VmHWM:` the peak since the last reset,
/// `VmRSS:` what is resident now.
fn resident_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix(field))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse::<f64>()
        .ok()?;
    Some(kb / 1024.0)
}
