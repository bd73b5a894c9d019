//! `ANNOTARY_FRAME_LOG=FILE`: one line per frame the window draws, so that the frames an
//! interaction costs can be counted (`.ci/window-check` does) and their CPU time read.
//!
//! Each line: the frame's number, milliseconds since the process started, the app's own CPU time for
//! the frame (layout and painting into shapes), the process's CPU time since the frame
//! before (which includes the renderer's work on the frame before, on every thread: under
//! software rendering that is most of it), and what asked for the frame.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::time::Instant;

use cpu_time::{ProcessTime, ThreadTime};

/// The name of the environment variable that turns the log on.
pub const VARIABLE: &str = "ANNOTARY_FRAME_LOG";

pub struct FrameLog {
    out: Option<BufWriter<File>>,
    launched: Instant,
    frames: u64,
    process_before: Option<ProcessTime>,
}

/// A frame being timed: what `FrameLog::start` gives and `FrameLog::end` takes.
pub struct Timing(Option<ThreadTime>);

impl Default for FrameLog {
    fn default() -> Self {
        Self::to(None)
    }
}

impl FrameLog {
    /// The log the environment asks for; none when the variable is unset or the file cannot
    /// be made (said once on stderr: the window matters more than its log).
    pub fn from_env(renderer: &str) -> Self {
        let Some(path) = std::env::var_os(VARIABLE) else {
            return Self::default();
        };
        match File::create(&path) {
            Ok(file) => Self::to(Some((file, renderer))),
            Err(e) => {
                eprintln!("{VARIABLE}: cannot write {}: {e}", path.to_string_lossy());
                Self::default()
            }
        }
    }

    fn to(file: Option<(File, &str)>) -> Self {
        // The process's start is read from /proc only for a log that reports it.
        let launched = if file.is_some() {
            launch_instant()
        } else {
            Instant::now()
        };
        let out = file.map(|(file, renderer)| {
            let mut out = BufWriter::new(file);
            let _ = writeln!(
                out,
                "# renderer: {renderer}; the app was made {:.0} ms after launch",
                ms(launched.elapsed())
            );
            let _ = writeln!(out, "frame\tat_ms\tapp_ms\tprocess_ms\tasked_by\tinput");
            let _ = out.flush();
            out
        });
        Self {
            out,
            launched,
            frames: 0,
            process_before: None,
        }
    }

    pub fn start(&self) -> Timing {
        Timing(self.out.as_ref().map(|_| ThreadTime::now()))
    }

    /// Writes the frame's line (flushed, so that a script reading the file sees it now).
    pub fn end(&mut self, timing: Timing, ctx: &egui::Context) {
        let (Some(out), Timing(Some(started))) = (self.out.as_mut(), timing) else {
            return;
        };
        self.frames += 1;
        let now = ProcessTime::now();
        let process_ms = self
            .process_before
            .map_or(0.0, |before| ms(now.duration_since(before)));
        self.process_before = Some(now);
        let causes: Vec<String> = ctx
            .repaint_causes()
            .iter()
            .map(|c| {
                let file = c.file.rsplit(['/', '\\']).next().unwrap_or(c.file);
                if c.reason.is_empty() {
                    format!("{file}:{}", c.line)
                } else {
                    format!("{file}:{} {}", c.line, c.reason)
                }
            })
            .collect();
        let input = ctx.input(|i| {
            i.raw
                .events
                .iter()
                .map(event_name)
                .collect::<Vec<_>>()
                .join(" ")
        });
        let _ = writeln!(
            out,
            "{}\t{:.1}\t{:.2}\t{:.2}\t{}\t{}",
            self.frames,
            ms(self.launched.elapsed()),
            ms(started.elapsed()),
            process_ms,
            if causes.is_empty() {
                "window event".to_string()
            } else {
                causes.join(", ")
            },
            input,
        );
        let _ = out.flush();
    }
}

/// An input event's kind, short: what a reader of the log needs to tell frames apart.
fn event_name(event: &egui::Event) -> String {
    match event {
        egui::Event::Key { key, pressed, .. } => {
            format!("{}{}", key.name(), if *pressed { "↓" } else { "↑" })
        }
        egui::Event::PointerButton { pressed, .. } => {
            if *pressed { "press" } else { "release" }.to_string()
        }
        egui::Event::PointerMoved(_) => "move".to_string(),
        egui::Event::MouseWheel { .. } => "wheel".to_string(),
        egui::Event::Text(_) => "text".to_string(),
        other => format!("{other:?}").chars().take(24).collect(),
    }
}

/// When the process started, read from `/proc` (to 10 ms); now, where there is no `/proc`.
fn launch_instant() -> Instant {
    let now = Instant::now();
    process_age()
        .and_then(|age| now.checked_sub(age))
        .unwrap_or(now)
}

/// How long ago the process started: its start in clock ticks after boot (field 22 of
/// `/proc/self/stat`, counted after the command name's closing parenthesis) against the
/// seconds since boot. Linux's clock tick is 100 Hz on every common build.
fn process_age() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    let started: f64 = after_name.split_whitespace().nth(19)?.parse().ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let age = uptime - started / 100.0;
    (age >= 0.0).then(|| std::time::Duration::from_secs_f64(age))
}

fn ms(duration: std::time::Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
