//! What the REFI-QDA project (`.qdpx`) and codebook (`.qdc`) writers share: GUIDs made
//! from the project's own names (the same project gives the same file), XML escaping
//! that survives attribute normalisation, and the codes element.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::model::Tag;

/// A GUID for the thing named `key` of kind `kind`: an RFC 9562 UUID of version 8 made
/// from SHA-256 of the two (the name-based UUID with a modern hash), lower case with
/// hyphens, as the standard's pattern and every reader accept.
pub fn guid(kind: &str, key: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(b"annotary refi-qda\0");
    hash.update(kind.as_bytes());
    hash.update([0]);
    hash.update(key.as_bytes());
    let digest = hash.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Text as an attribute's value: the markup characters escaped, and line breaks and tabs
/// written as references (a reader turns literal ones into spaces). Characters XML 1.0
/// cannot hold at all (other C0 controls) are left out.
pub fn attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// Text as an element's content: the markup characters escaped, a CR kept as a
/// reference (a reader would make CRLF a LF), C0 controls XML cannot hold left out.
pub fn content(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// `<Codes>` with a Code per tag (its colour, its guideline as the Description), or
/// nothing for no tags (the standard wants at least one code where `Codes` stands).
pub fn codes(out: &mut String, tags: &[Tag], indent: &str) {
    if tags.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}<Codes>");
    for tag in tags {
        let _ = write!(
            out,
            "{indent}  <Code guid=\"{}\" name=\"{}\" isCodable=\"true\" color=\"{}\"",
            guid("code", &tag.name),
            attribute(&tag.name),
            tag.colour
        );
        if tag.description.is_empty() {
            out.push_str("/>\n");
        } else {
            let _ = writeln!(
                out,
                ">\n{indent}    <Description>{}</Description>\n{indent}  </Code>",
                content(&tag.description)
            );
        }
    }
    let _ = writeln!(out, "{indent}</Codes>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_lower_case_version_8_and_follow_the_name() {
        let a = guid("code", "claim");
        assert_eq!(a, guid("code", "claim"));
        assert_ne!(a, guid("code", "actor"));
        assert_ne!(a, guid("user", "claim"));
        let groups: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(
            a.chars()
                .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_lowercase())
        );
        assert_eq!(&a[14..15], "8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn attributes_keep_line_breaks_and_drop_what_xml_cannot_hold() {
        assert_eq!(
            attribute("a \"b\" & <c>\r\n\td\u{1}"),
            "a &quot;b&quot; &amp; &lt;c&gt;&#13;&#10;&#9;d"
        );
        assert_eq!(content("x\r\ny & z\u{0}"), "x&#13;\ny &amp; z");
    }
}
