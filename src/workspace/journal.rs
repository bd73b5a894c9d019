//! The recovery journal: every change since the project was last saved, appended to
//! `NAME.ron.journal` beside it the moment it is made, so that a crash (a killed process,
//! a panic, a power cut) costs nothing: the next open of the project offers to replay them.
//!
//! One JSON record per line: a header naming the project file as it was when the changes
//! began (its length and modification time), then each change as the command that was
//! applied (an undo or a redo is written as the command it applied) with its time. Each
//! record reaches the operating system before the change is shown, which a killed process
//! cannot undo; it is flushed to the disk itself at most a second later. A record cut off
//! by a crash is ignored, with the ones before it kept. A saved project has no journal.

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::edit::Command;

/// Disk flushes at most this often; every record still reaches the system at once.
const SYNC_EVERY: Duration = Duration::from_secs(1);
const VERSION: u32 = 1;

/// The project file a journal's changes were made on, so they are never replayed onto
/// another one (a colleague's version pulled from git, a file saved by another copy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    modified_ns: u128,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Self> {
        let meta = fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Self {
            len: meta.len(),
            modified_ns: modified.as_nanos(),
        })
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    annotary_journal: u32,
    base: Option<Stamp>,
}

/// One change as it was applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub at: Timestamp,
    /// What the researcher did, in the Edit menu's words ("tag as actor", "undo edit note").
    pub label: String,
    pub command: Command,
}

/// A record as written, borrowing the command: a change is written down without a copy.
#[derive(Serialize)]
struct RecordOut<'a> {
    at: Timestamp,
    label: &'a str,
    command: &'a Command,
}

/// Where the journal of the project at `project` lives.
pub fn path_for(project: &Path) -> PathBuf {
    let mut name = project.as_os_str().to_owned();
    name.push(".journal");
    PathBuf::from(name)
}

/// The journal of one open project.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    base: Option<Stamp>,
    /// The records written, as lines, to rewrite the journal after a background save.
    lines: Vec<String>,
    /// Open for appending once the first change is written.
    file: Option<File>,
    synced: Option<Instant>,
}

impl Journal {
    /// The journal for the project at `project` as it is on disk now; nothing is written
    /// until the first change.
    pub fn new(project: &Path) -> Self {
        Self {
            path: path_for(project),
            base: Stamp::of(project),
            lines: Vec::new(),
            file: None,
            synced: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many changes it holds.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// One change as the journal line that writes it down (made before the change is
    /// applied, which consumes the command).
    pub fn line(command: &Command, at: Timestamp, label: &str) -> std::io::Result<String> {
        serde_json::to_string(&RecordOut { at, label, command }).map_err(std::io::Error::other)
    }

    /// Writes one change down.
    pub fn record(&mut self, command: &Command, at: Timestamp, label: &str) -> std::io::Result<()> {
        self.record_line(Self::line(command, at, label)?)
    }

    /// Writes down a change made into a line by [`Journal::line`].
    pub fn record_line(&mut self, line: String) -> std::io::Result<()> {
        if self.file.is_none() {
            self.file = Some(self.start(&[])?);
        }
        if let Some(file) = self.file.as_mut() {
            file.write_all(format!("{line}\n").as_bytes())?;
            if self.synced.is_none_or(|t| t.elapsed() >= SYNC_EVERY) {
                file.sync_data()?;
                self.synced = Some(Instant::now());
            }
        }
        self.lines.push(line);
        Ok(())
    }

    /// Takes over a journal found on disk (its changes recovered): later changes follow
    /// them, and a record cut off by the crash is written away.
    pub fn continue_with(&mut self, records: &[Record]) -> std::io::Result<()> {
        let lines: Vec<String> = records
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<_, _>>()
            .map_err(std::io::Error::other)?;
        self.file = Some(self.start(&lines)?);
        self.lines = lines;
        Ok(())
    }

    /// The journal after the project was saved to `project`: the changes from `keep_from`
    /// on (made while a background save ran) stay, on the new file; none, and it is gone.
    pub fn saved(&mut self, project: &Path, keep_from: usize) -> std::io::Result<()> {
        let kept: Vec<String> = self.lines.get(keep_from..).unwrap_or_default().to_vec();
        self.discard();
        *self = Self::new(project);
        if !kept.is_empty() {
            self.file = Some(self.start(&kept)?);
            self.lines = kept;
        }
        Ok(())
    }

    /// Forgets the changes (they were discarded, or the project equals its file again).
    pub fn discard(&mut self) {
        self.file = None;
        self.lines.clear();
        let _ = fs::remove_file(&self.path);
    }

    /// A new journal file with the header and `lines`, replacing any (by rename, so a crash
    /// leaves the old one or the new one), open for appending.
    fn start(&self, lines: &[String]) -> std::io::Result<File> {
        let header = Header {
            annotary_journal: VERSION,
            base: self.base,
        };
        let mut text = serde_json::to_string(&header).map_err(std::io::Error::other)?;
        text.push('\n');
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
        let mut temp = self.path.as_os_str().to_owned();
        temp.push(format!(".saving-{}", std::process::id()));
        let temp = PathBuf::from(temp);
        let mut file = File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, &self.path)?;
        OpenOptions::new().append(true).open(&self.path)
    }
}

/// The changes a journal on disk holds.
#[derive(Debug)]
pub struct Found {
    pub path: PathBuf,
    pub records: Vec<Record>,
    /// The last record was cut off by the crash (it is left out).
    pub torn: bool,
    /// The project file is still the one the changes were made on.
    pub same_base: bool,
}

/// The journal of the project at `project`, if there is one with changes in it.
pub fn find(project: &Path) -> Option<Result<Found, String>> {
    let path = path_for(project);
    let text = fs::read_to_string(&path).ok()?;
    let mut lines = text.split_inclusive('\n');
    let header: Header = match lines.next().map(|l| serde_json::from_str(l.trim_end())) {
        Some(Ok(header)) => header,
        _ => return Some(Err(format!("{}: not a recovery journal", path.display()))),
    };
    if header.annotary_journal > VERSION {
        return Some(Err(format!(
            "{}: written by a newer Annotary",
            path.display()
        )));
    }
    let mut records = Vec::new();
    let mut torn = false;
    for line in lines {
        // A record is whole only with its line break: a crash mid-write leaves none.
        match line
            .strip_suffix('\n')
            .and_then(|l| serde_json::from_str(l).ok())
        {
            Some(record) => records.push(record),
            None => {
                torn = true;
                break;
            }
        }
    }
    if records.is_empty() {
        let _ = fs::remove_file(&path);
        return None;
    }
    Some(Ok(Found {
        path,
        records,
        torn,
        same_base: header.base.is_some() && header.base == Stamp::of(project),
    }))
}

/// Moves a journal that cannot be replayed out of the way, keeping it: `NAME.journal-TIME`.
pub fn set_aside(journal: &Path) -> PathBuf {
    let mut name = journal.as_os_str().to_owned();
    name.push(format!("-{}", Timestamp::now().as_second()));
    let aside = PathBuf::from(name);
    let _ = fs::rename(journal, &aside);
    aside
}
