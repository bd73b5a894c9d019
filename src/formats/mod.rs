//! Reading and writing files: the RON project file, imported texts, and exports to the
//! formats other annotation and analysis tools read (one file per format).

pub mod agreement_report;
pub mod brat;
pub mod colleague;
pub mod conll;
pub mod csv_table;
pub mod export;
pub mod html;
pub mod import;
pub mod import_format;
pub mod jsonl;
pub mod labelstudio;
pub mod outgoing;
pub mod plain_text;
pub mod project_file;
pub mod w3c;
pub mod xmi;
