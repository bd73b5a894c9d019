//! The text of a file someone else's tool wrote: UTF-8, a leading byte-order mark accepted
//! (Windows editors add one), and a byte that is not UTF-8 reported by line and column.

/// The text of `bytes` without a leading BOM, or "NAME:LINE:COLUMN: why" (the column in
/// characters, counted from 1) at the first byte that is not UTF-8.
pub fn text_of<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        // The prefix is valid UTF-8 by construction.
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let byte = bytes[error.valid_up_to()];
        format!(
            "{name}:{line}:{column}: not UTF-8 text (byte 0x{byte:02X} at byte offset {}); save the file as UTF-8",
            error.valid_up_to()
        )
    })
}

/// [`text_of`], owned: for a file read whole and kept (checked once, not copied).
pub fn string_of(bytes: Vec<u8>, name: &str) -> Result<String, String> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(error) => Err(text_of(error.as_bytes(), name)
            .err()
            .unwrap_or_else(|| format!("{name}: not UTF-8 text"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_is_dropped_and_a_bad_byte_is_placed_by_line_and_column() {
        assert_eq!(
            text_of(b"\xEF\xBB\xBF{\"a\": 1}", "f.json"),
            Ok("{\"a\": 1}")
        );
        let message =
            text_of(b"l1\n\xE2\x80\x9Cab\xE2\x80\x9D\xFFc", "f.json").expect_err("not UTF-8");
        assert!(
            message.starts_with("f.json:2:5: not UTF-8 text (byte 0xFF"),
            "{message}"
        );
        assert_eq!(
            string_of(b"\xEF\xBB\xBFtext".to_vec(), "f.txt").as_deref(),
            Ok("text")
        );
    }
}
