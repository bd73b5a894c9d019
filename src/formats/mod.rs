//! Reading and writing files: the RON project file and imported texts.

pub mod plain_text;
pub mod project_file;
