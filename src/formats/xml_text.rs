//! Text inside XML attribute values, for the XML formats (XMI, Label Studio's config).

/// A value for an XML attribute: markup characters escaped, and line breaks and tabs as
/// character references so that attribute normalisation cannot turn them into spaces.
pub(crate) fn attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_keep_line_breaks_and_markup() {
        assert_eq!(
            attribute("a<b>&\"c\"\r\n\td"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#13;&#10;&#9;d"
        );
    }
}
