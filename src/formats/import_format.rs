//! The formats Annotary imports, in one list the window's dialog, the file dialogs and
//! `annotary import --format` all read: each format's name, whether it brings documents or
//! annotations, whether it is read from a folder, the hint the dialog shows, and its reader.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use crate::model::Project;

use super::import::Read;
use super::{brat, csv_table, jsonl, labelstudio, plain_text, qdpx_read, w3c, xmi};

pub use super::new_documents::{AddedDocuments, add_documents};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    Txt,
    Md,
    Html,
    Docx,
    Odt,
    Rtf,
    Epub,
    Pdf,
    Brat,
    Jsonl,
    LabelStudio,
    Csv,
    W3c,
    Xmi,
    Qdpx,
    Qdc,
}

impl ImportFormat {
    pub const ALL: [Self; 16] = [
        Self::Txt,
        Self::Md,
        Self::Html,
        Self::Docx,
        Self::Odt,
        Self::Rtf,
        Self::Epub,
        Self::Pdf,
        Self::Brat,
        Self::Jsonl,
        Self::LabelStudio,
        Self::Csv,
        Self::W3c,
        Self::Xmi,
        Self::Qdpx,
        Self::Qdc,
    ];

    /// The formats that bring another tool's annotations (File ▸ Import annotations…).
    pub const ANNOTATIONS: [Self; 8] = [
        Self::Brat,
        Self::Jsonl,
        Self::LabelStudio,
        Self::Csv,
        Self::W3c,
        Self::Xmi,
        Self::Qdpx,
        Self::Qdc,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Txt => "txt",
            Self::Md => "md",
            Self::Html => "html",
            Self::Docx => "docx",
            Self::Odt => "odt",
            Self::Rtf => "rtf",
            Self::Epub => "epub",
            Self::Pdf => "pdf",
            Self::Brat => "brat",
            Self::Jsonl => "jsonl",
            Self::LabelStudio => "labelstudio",
            Self::Csv => "csv",
            Self::W3c => "w3c",
            Self::Xmi => "xmi",
            Self::Qdpx => "qdpx",
            Self::Qdc => "qdc",
        }
    }

    /// Whether the format brings documents (texts) rather than annotations.
    pub fn brings_documents(self) -> bool {
        matches!(
            self,
            Self::Txt
                | Self::Md
                | Self::Html
                | Self::Docx
                | Self::Odt
                | Self::Rtf
                | Self::Epub
                | Self::Pdf
        )
    }

    /// Whether one input is a folder (a brat collection) rather than files.
    pub fn reads_folder(self) -> bool {
        self == Self::Brat
    }

    /// What the import dialog says about the format.
    pub fn hint(self) -> &'static str {
        match self {
            Self::Brat => "Choose the folder of .txt and .ann files (nested folders too).",
            Self::Csv | Self::W3c => {
                "These files hold no text: their documents must be in the project."
            }
            Self::Txt
            | Self::Md
            | Self::Html
            | Self::Docx
            | Self::Odt
            | Self::Rtf
            | Self::Epub
            | Self::Pdf => "Each file becomes a document.",
            Self::Jsonl | Self::LabelStudio | Self::Xmi => {
                "Documents with the same text as the project's get the annotations as a layer."
            }
            Self::Qdpx => {
                "A REFI-QDA project (MAXQDA, ATLAS.ti, NVivo, QualCoder): its codes, sources and codings, a layer per user."
            }
            Self::Qdc => "A REFI-QDA codebook: its codes become tags.",
        }
    }

    /// The extensions of the files read when an input is a folder.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Txt
            | Self::Md
            | Self::Html
            | Self::Docx
            | Self::Odt
            | Self::Rtf
            | Self::Epub
            | Self::Pdf => plain_text::EXTENSIONS,
            Self::Brat => &["ann"],
            Self::Jsonl => &["jsonl", "json"],
            Self::LabelStudio => &["json"],
            Self::Csv => &["csv"],
            Self::W3c => &["json", "jsonld", "w3c"],
            Self::Xmi => &["zip", "xmi"],
            Self::Qdpx => &["qdpx"],
            Self::Qdc => &["qdc"],
        }
    }

    /// Reads the annotations in `inputs` (files, or folders searched for the format's files).
    /// W3C annotations name their documents by id, so the reader looks them up in `project`.
    /// A format that brings documents reads nothing here: see [`add_documents`].
    pub fn read(self, inputs: &[PathBuf], project: &Project) -> Read {
        let mut read = Read::default();
        let mut add = |more: Read| {
            read.documents.extend(more.documents);
            read.problems.extend(more.problems);
            // What the files declare (brat's annotation.conf, choice lists) comes too.
            read.schema.join(more.schema);
            read.tag_looks.extend(more.tag_looks);
            for tag in more.tags {
                if !read.tags.contains(&tag) {
                    read.tags.push(tag);
                }
            }
        };
        for input in inputs {
            if self == Self::Brat {
                add(brat::read(input));
                continue;
            }
            for path in super::import::files_under(input, self.extensions()) {
                match self {
                    Self::Jsonl => add(jsonl::read(&path)),
                    Self::LabelStudio => add(labelstudio::read(&path)),
                    Self::Csv => add(csv_table::read(&path)),
                    Self::W3c => add(w3c::read(&path, project)),
                    Self::Xmi => add(xmi::read(&path)),
                    Self::Qdpx | Self::Qdc => add(qdpx_read::read(&path, project)),
                    Self::Txt
                    | Self::Md
                    | Self::Html
                    | Self::Docx
                    | Self::Odt
                    | Self::Rtf
                    | Self::Epub
                    | Self::Pdf
                    | Self::Brat => {}
                }
            }
        }
        read
    }
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ImportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::format_named(&Self::ALL, Self::name, s)
    }
}
