//! A project file as Annotary writes it, read on two threads: its documents and its
//! annotations, most of a corpus's bytes, each parsed beside the other. A file in any
//! other shape, or with any error, is left to the one-pass reader, which names the line
//! and column; what this gives is always what that reader would give.

use std::ops::Range;

use serde::de::DeserializeOwned;

/// The project record with its documents and annotations lists read apart, the
/// documents made into what `make` makes of them on the second thread; `None` when the
/// file is not laid out as Annotary writes it or a part does not parse. The caller checks
/// that the record read without the lists has them empty (else they were not the lists).
pub(super) fn read_in_parts<P, D, A, T>(
    source: &str,
    make: impl FnOnce(Vec<D>) -> T + Send,
) -> Option<(P, T, Vec<A>)>
where
    P: DeserializeOwned,
    D: DeserializeOwned,
    A: DeserializeOwned,
    T: Send,
{
    // An extension (`#![enable(..)]`) would apply to the top level only, not to the parts
    // read apart.
    if source.trim_start().starts_with("#!") {
        return None;
    }
    let documents = list(source, "documents", 0)?;
    let annotations = list(source, "annotations", documents.end)?;
    // What is cut out must be the lists themselves: not a copy of them in a block comment
    // (ron reads what follows as the real ones), nor after an extension that a comment
    // put out of sight of the check above.
    let around = [
        &source[..documents.start],
        &source[documents.end..annotations.start],
    ];
    if around
        .iter()
        .any(|piece| piece.contains("/*") || piece.contains("#!"))
    {
        return None;
    }
    // The rest, with both lists empty: the title, tags, layers, schema, relations, labels
    // and decisions.
    let mut rest = String::with_capacity(source.len() - documents.len() - annotations.len());
    rest.push_str(&source[..documents.start]);
    rest.push_str("[]");
    rest.push_str(&source[documents.end..annotations.start]);
    rest.push_str("[]");
    rest.push_str(&source[annotations.end..]);
    std::thread::scope(|scope| {
        let read_documents =
            scope.spawn(|| ron::from_str::<Vec<D>>(&source[documents]).ok().map(make));
        let annotations = ron::from_str::<Vec<A>>(&source[annotations]).ok();
        let project = ron::from_str::<P>(&rest).ok();
        let documents = read_documents.join().ok().flatten();
        Some((project?, documents?, annotations?))
    })
}

/// Where the list `name` written at the top level stands, from its `[` to its `]`: the
/// writer puts `    name: [` and its closing `    ],` on lines of their own, and every
/// record inside on one line, indented further.
fn list(source: &str, name: &str, from: usize) -> Option<Range<usize>> {
    let opening = format!("\n    {name}: [\n");
    let start = from + source.get(from..)?.find(&opening)? + opening.len() - 2;
    // Line by line (a search for the line break alone is the fast one): the records
    // are long, the lines few.
    let end = source[start..]
        .match_indices('\n')
        .map(|(at, _)| start + at)
        .find(|&at| source[at..].starts_with("\n    ],\n"))?
        + "\n    ]".len();
    Some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Whole {
        title: String,
        documents: Vec<(u32, String)>,
        annotations: Vec<u32>,
        after: String,
    }

    const FILE: &str = "(\n    title: \"a \\\"b\\\"\",\n    documents: [\n        (1, \"one\\n\"),\n        (2, \"two\"),\n    ],\n    annotations: [\n        3,\n    ],\n    after: \"é\",\n)\n";

    #[test]
    fn the_parts_read_apart_make_the_whole() {
        let whole: Whole = ron::from_str(FILE).expect("parses");
        let (mut rest, documents, annotations) =
            read_in_parts::<Whole, (u32, String), u32, _>(FILE, |d| d).expect("in parts");
        assert!(rest.documents.is_empty() && rest.annotations.is_empty());
        rest.documents = documents;
        rest.annotations = annotations;
        assert_eq!(rest, whole);
    }

    #[test]
    fn empty_lists_are_read_too() {
        let file = "(\n    title: \"\",\n    documents: [\n    ],\n    annotations: [\n    ],\n    after: \"\",\n)\n";
        let (_, documents, annotations) =
            read_in_parts::<Whole, (u32, String), u32, _>(file, |d| d).expect("in parts");
        assert!(documents.is_empty() && annotations.is_empty());
    }

    #[test]
    fn other_layouts_and_errors_are_left_to_the_one_pass_reader() {
        let on_one_line = "(title: \"\", documents: [], annotations: [], after: \"\")";
        assert!(read_in_parts::<Whole, (u32, String), u32, _>(on_one_line, |d| d).is_none());
        let broken = FILE.replace("(2, \"two\")", "(2, two)");
        assert!(read_in_parts::<Whole, (u32, String), u32, _>(&broken, |d| d).is_none());
        let extended = format!("#![enable(implicit_some)]\n{FILE}");
        assert!(read_in_parts::<Whole, (u32, String), u32, _>(&extended, |d| d).is_none());
        let behind_a_comment = format!("// kept\n#![enable(implicit_some)]\n{FILE}");
        assert!(read_in_parts::<Whole, (u32, String), u32, _>(&behind_a_comment, |d| d).is_none());
        // An old copy of the lists kept in a comment above the real ones.
        let commented = FILE.replace(
            "    documents: [\n        (1,",
            "/*\n    documents: [\n        (9, \"old\"),\n    ],\n    annotations: [\n    ],\n*/\n    documents: [\n        (1,",
        );
        assert!(ron::from_str::<Whole>(&commented).is_ok(), "ron reads it");
        assert!(read_in_parts::<Whole, (u32, String), u32, _>(&commented, |d| d).is_none());
    }
}
