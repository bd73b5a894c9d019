//! What a PDF must pass before its text is read: the PDF library inflates every stream
//! whole and follows a form that draws itself until the stack overflows, so a small
//! hostile file could take gigabytes or end the program. Both are checked here first.

use std::collections::HashSet;
use std::io::Read;

use pdf_extract::{Dictionary, Document, Object, ObjectId};

/// The most all of a PDF's compressed streams may inflate to together; a 10,000-page
/// book's pages and fonts are well under it.
pub const MAX_INFLATED: u64 = 256 << 20;

/// How deep forms may draw forms (the standard's readers allow about 12–28).
const MAX_FORM_DEPTH: usize = 32;
/// How many forms a page may draw in all: forms that each draw the next twice would
/// otherwise take 2^32 steps in 32 levels.
const MAX_FORMS_DRAWN: usize = 100_000;

/// Refuses a file whose Flate streams would inflate past `MAX_INFLATED`. The streams are
/// found in the raw bytes, so this runs before the library parses anything.
pub fn inflated_size_fits(bytes: &[u8], name: &str) -> Result<(), String> {
    let mut total = 0u64;
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"stream") {
        let mut start = at + found + b"stream".len();
        at = start;
        // "endstream" also contains "stream"; a stream's data follows an end of line.
        if bytes[..at - b"stream".len()].ends_with(b"end") {
            continue;
        }
        match bytes.get(start..start + 2) {
            Some(b"\r\n") => start += 2,
            Some([b'\n', _]) | Some([b'\r', _]) => start += 1,
            _ => continue,
        }
        let end = find(&bytes[start..], b"endstream").map_or(bytes.len(), |e| start + e);
        let room = MAX_INFLATED - total;
        let mut inflater = flate2::read::ZlibDecoder::new(&bytes[start..end]).take(room + 1);
        let inflated = std::io::copy(&mut inflater, &mut std::io::sink()).unwrap_or(0);
        total += inflated;
        if total > MAX_INFLATED {
            return Err(format!(
                "{name}: its compressed parts inflate to more than {} MiB; not read",
                MAX_INFLATED >> 20
            ));
        }
        at = end;
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Refuses a file in which a page draws a form that draws itself (directly or through
/// others) or nests forms deeper than `MAX_FORM_DEPTH`.
pub fn forms_end(document: &Document, name: &str) -> Result<(), String> {
    for (number, page) in document.get_pages() {
        let Ok(dictionary) = document.get_dictionary(page) else {
            continue;
        };
        let Some(resources) = inherited_resources(document, dictionary) else {
            continue;
        };
        let contents = document.get_page_content(page).unwrap_or_default();
        let mut walk = Walk::default();
        if let Err(why) = walk.draws(document, &contents, resources, 0) {
            return Err(format!("{name}: page {number} {why}; not read"));
        }
    }
    Ok(())
}

/// The forms being drawn (each inside the one before) and how many were drawn.
#[derive(Default)]
struct Walk {
    path: HashSet<ObjectId>,
    drawn: usize,
}

impl Walk {
    /// Follows the forms that `content` draws with the `Do` operator.
    fn draws(
        &mut self,
        document: &Document,
        content: &[u8],
        resources: &Dictionary,
        depth: usize,
    ) -> Result<(), &'static str> {
        if depth > MAX_FORM_DEPTH {
            return Err("nests drawings too deeply");
        }
        let Ok(content) = pdf_extract::content::Content::decode(content) else {
            return Ok(());
        };
        let xobjects = resources
            .get(b"XObject")
            .ok()
            .and_then(|o| dictionary(document, o));
        for operation in content.operations.iter().filter(|o| o.operator == "Do") {
            let (Some(xobjects), Some(Ok(name))) =
                (xobjects, operation.operands.first().map(Object::as_name))
            else {
                continue;
            };
            let Ok(Object::Reference(id)) = xobjects.get(name) else {
                continue;
            };
            let Ok(Object::Stream(form)) = document.get_object(*id) else {
                continue;
            };
            self.drawn += 1;
            if self.drawn > MAX_FORMS_DRAWN {
                return Err("draws too many pictures");
            }
            if !self.path.insert(*id) {
                return Err("draws a picture that draws itself");
            }
            let inner = form
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|o| dictionary(document, o))
                .unwrap_or(resources);
            let body = form
                .decompressed_content()
                .unwrap_or_else(|_| form.content.clone());
            self.draws(document, &body, inner, depth + 1)?;
            self.path.remove(id);
        }
        Ok(())
    }
}

/// A page's resources, from the page or the nearest page-tree node above it.
fn inherited_resources<'a>(
    document: &'a Document,
    mut node: &'a Dictionary,
) -> Option<&'a Dictionary> {
    for _ in 0..64 {
        if let Some(found) = node
            .get(b"Resources")
            .ok()
            .and_then(|o| dictionary(document, o))
        {
            return Some(found);
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|o| dictionary(document, o))?;
    }
    None
}

fn dictionary<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    match document.dereference(object).ok()?.1 {
        Object::Dictionary(dictionary) => Some(dictionary),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_stream_that_inflates_past_the_limit_is_refused() {
        let mut deflater = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..(MAX_INFLATED >> 20) + 1 {
            deflater.write_all(&zeros).expect("in memory");
        }
        let bomb = deflater.finish().expect("in memory");
        let mut file = b"%PDF-1.7\n1 0 obj << /Filter /FlateDecode >>\nstream\n".to_vec();
        file.extend_from_slice(&bomb);
        file.extend_from_slice(b"\nendstream\nendobj\n");
        let refused = inflated_size_fits(&file, "bomb.pdf").expect_err("refused");
        assert!(refused.starts_with("bomb.pdf: "), "{refused}");
        assert!(file.len() < 1 << 20, "the bomb is small: {}", file.len());
        let fits = b"%PDF-1.7\n1 0 obj << >>\nstream\nBT ET\nendstream\nendobj\n";
        assert_eq!(inflated_size_fits(fits, "small.pdf"), Ok(()));
    }
}
