//! Reading and writing files: the RON project file, imported texts, and exports to the
//! formats other annotation and analysis tools read (one file per format).

pub mod agreement_report;
pub mod annotation_conf;
pub mod brat;
mod brat_offsets;
mod brat_read;
pub mod colleague;
pub mod conll;
pub mod csv_table;
pub mod docx;
pub mod epub;
pub mod export;
pub mod file_text;
pub mod html;
pub mod import;
pub mod import_format;
pub mod import_present;
pub mod import_schema;
pub mod incoming;
pub mod jsonl;
pub mod labelstudio;
mod labelstudio_coding;
pub mod new_documents;
pub mod news;
pub mod odt;
pub mod office_zip;
pub mod outgoing;
pub mod pdf;
mod pdf_guard;
pub mod pdf_layout;
pub mod plain_text;
pub mod project_file;
mod project_parts;
pub mod qdc;
pub mod qdpx;
pub mod qdpx_read;
pub mod refi_xml;
pub mod rtf;
pub mod safe_write;
pub mod w3c;
mod w3c_coding;
pub mod xmi;
mod xmi_types;
pub mod xml_text;

/// The format among `all` called `name` (what `--format` takes), or a message naming them.
fn format_named<T: Copy>(all: &[T], label: fn(T) -> &'static str, name: &str) -> Result<T, String> {
    all.iter()
        .copied()
        .find(|f| label(*f) == name)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|f| label(*f)).collect();
            format!("unknown format {name:?}; one of {}", names.join(", "))
        })
}
