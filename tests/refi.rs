//! REFI-QDA export (`.qdpx`, `.qdc`): each selection's positions slice its source file
//! (UTF-8, LF line breaks, code points) to the annotation's quote, on text with CRLF,
//! astral emoji, CJK and combining marks; every reference names an element that is
//! there; GUIDs follow the standard's pattern and the project's names, so exporting twice
//! gives the same bytes; what REFI cannot hold is reported. `.ci/interop` validates the
//! same against the standard's Project.xsd and reads it with pyrefiqda.

mod common;

use std::collections::{HashMap, HashSet};
use std::io::Read;

use annotary::edit::Command;
use annotary::formats::export::{ExportFormat, Selection, export};
use annotary::model::{AttributeValue, Project, joined_quote};
use common::{T0, project_from_markup};
use regex::Regex;

/// Nested spans across CRLFs and astral characters, a note, a link with a note, a label,
/// two layers, and what REFI cannot hold: an attribute value and a discontinuous span.
fn fixture() -> Project {
    let mut project = held();
    let doc = project.documents()[0].id.clone();
    let ids: Vec<_> = project
        .annotations_in(&doc)
        .iter()
        .filter(|a| a.layer == "AK")
        .map(|a| a.id)
        .collect();
    let mut pieced = project.annotation(ids[1]).expect("actor").clone();
    let text = project.documents()[0].text().clone();
    let kabul = project
        .annotation(*ids.last().expect("last"))
        .expect("kabul");
    let pieces = vec![(pieced.start, pieced.end), (kabul.start, kabul.end)];
    pieced.quote = joined_quote(&text, &pieces);
    pieced.end = kabul.end;
    pieced.fragments = pieces;
    let commands = vec![
        Command::Replace(pieced),
        Command::SetAttribute {
            id: ids[0],
            name: "stance".into(),
            value: Some(AttributeValue::Text("oppose".into())),
        },
    ];
    Command::Batch(commands)
        .apply(&mut project, T0)
        .expect("coded");
    project
}

/// The same without what REFI cannot hold.
fn held() -> Project {
    let (mut project, doc) = project_from_markup(
        "[claim:“[actor:Россия]” recognised the [actor:Taliban] 🇦🇫 on [date:3 July]]\r\n\
         [claim:Zoë’s café\u{301} said\r\n[actor:北京] agreed] 👩\u{200d}👩\u{200d}👧 [date:2025年7月3日]\r\nend 😀 [actor:Kabul]",
    );
    let ids: Vec<_> = project.annotations_in(&doc).iter().map(|a| a.id).collect();
    let kabul = project
        .annotation(*ids.last().expect("last"))
        .expect("kabul")
        .clone();
    let commands = vec![
        Command::AddLayer {
            index: 1,
            layer: annotary::model::Layer { name: "BM".into() },
        },
        Command::Annotate {
            document: doc.clone(),
            layer: "BM".into(),
            start: kabul.start,
            end: kabul.end,
            tag: "claim".into(),
        },
        Command::SetNote {
            id: ids[0],
            note: "commas, \"quotes\"\r\nand <tags> & more".into(),
        },
        Command::Relate {
            kind: "claimant".into(),
            from: ids[0],
            to: ids[2],
            note: "as “reported”".into(),
        },
        Command::SetDocumentLabel {
            document: doc,
            layer: "AK".into(),
            name: "genre".into(),
            value: Some(AttributeValue::Text("news".into())),
        },
    ];
    Command::Batch(commands)
        .apply(&mut project, T0)
        .expect("coded");
    project
}

fn entries(path: &std::path::Path) -> HashMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).expect("zip")).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("entry");
            let mut text = String::new();
            entry.read_to_string(&mut text).expect("utf-8");
            (entry.name().expect("a name").to_string(), text)
        })
        .collect()
}

fn unescape(value: &str) -> String {
    value
        .replace("&#10;", "\n")
        .replace("&#13;", "\r")
        .replace("&#9;", "\t")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn selections_slice_their_source_by_code_points_with_lf_line_breaks() {
    let project = fixture();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("study.qdpx");
    let exported = export(&project, ExportFormat::Qdpx, &out, &Selection::default()).expect("ok");
    let files = entries(&out);
    let qde = &files["project.qde"];
    assert!(qde.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"test\" origin=\"Annotary "));
    let source = Regex::new(
        r#"<TextSource guid="([^"]+)" name="[^"]*" plainTextPath="internal://([^"]+)">"#,
    )
    .expect("regex");
    let captures = source.captures(qde).expect("a source");
    assert_eq!(format!("{}.txt", &captures[1]), &captures[2]);
    let text = &files[&format!("sources/{}", &captures[2])];
    let original = project.documents()[0].text().as_str();
    assert_eq!(
        text,
        &original.replace("\r\n", "\n"),
        "LF line breaks, no BOM"
    );
    assert!(!text.starts_with('\u{feff}'));
    let selection = Regex::new(
        r#"<PlainTextSelection guid="[^"]+" name="([^"]*)" startPosition="(\d+)" endPosition="(\d+)""#,
    )
    .expect("regex");
    let chars: Vec<char> = text.chars().collect();
    let mut quotes = Vec::new();
    for found in selection.captures_iter(qde) {
        let (start, end): (usize, usize) =
            (found[2].parse().expect("n"), found[3].parse().expect("n"));
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(slice, unescape(&found[1]), "{start}..{end}");
        quotes.push(slice);
    }
    // One selection per annotation, and one more for the second piece of the pieced one.
    assert_eq!(quotes.len(), project.annotations().len() + 1);
    for a in project.annotations() {
        for (start, end) in a.pieces() {
            let quote = project.documents()[0]
                .text()
                .slice(start, end)
                .replace("\r\n", "\n");
            assert!(quotes.contains(&quote), "{quote:?}");
        }
    }
    assert!(quotes.contains(&"北京".to_owned()) && quotes.contains(&"Kabul".to_owned()));
    assert!(
        exported
            .warnings
            .iter()
            .any(|w| w.contains("1 discontinuous annotation written as one selection per piece")),
        "{:?}",
        exported.warnings
    );
    assert!(
        exported
            .warnings
            .iter()
            .any(|w| w.contains("1 attribute value")),
        "{:?}",
        exported.warnings
    );
    assert!(qde.contains(
        "<Description>commas, \"quotes\"&#13;\nand &lt;tags&gt; &amp; more</Description>"
    ));
}

#[test]
fn every_reference_names_an_element_and_guids_follow_the_standard() {
    let project = fixture();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("study.qdpx");
    export(&project, ExportFormat::Qdpx, &out, &Selection::default()).expect("ok");
    let qde = &entries(&out)["project.qde"];
    let guid = Regex::new(r#" guid="([^"]*)""#).expect("regex");
    let defined: Vec<&str> = guid
        .captures_iter(qde)
        .map(|c| c.get(1).expect("1").as_str())
        .collect();
    let unique: HashSet<&str> = defined.iter().copied().collect();
    assert_eq!(unique.len(), defined.len(), "GUIDs are unique");
    let pattern =
        Regex::new("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
            .expect("regex");
    assert!(defined.iter().all(|g| pattern.is_match(g)), "{defined:?}");
    let reference = Regex::new(r#"(?:targetGUID|originGUID|creatingUser|modifyingUser)="([^"]*)""#)
        .expect("regex");
    let mut references = 0;
    for found in reference.captures_iter(qde) {
        assert!(unique.contains(&found[1]), "{} names nothing", &found[0]);
        references += 1;
    }
    // A Coding's code, a user per selection and coding, the link's two ends and its note,
    // the variable's value.
    assert!(references > 3 * project.annotations().len(), "{references}");
    for element in [
        "<Users>",
        "<CodeBook>",
        "<Variables>",
        "<Sources>",
        "<Notes>",
        "<Links>",
    ] {
        assert!(qde.contains(element), "{element}");
    }
    // In the standard's order.
    let at = |s: &str| qde.find(s).expect(s);
    assert!(at("<Users>") < at("<CodeBook>") && at("<CodeBook>") < at("<Variables>"));
    assert!(at("<Variables>") < at("<Sources>") && at("<Sources>") < at("<Notes>"));
    assert!(at("<Notes>") < at("<Links>"));
    assert!(qde.contains("<TextValue>news</TextValue>"));
}

#[test]
fn the_same_project_exports_the_same_bytes() {
    let project = fixture();
    let folder = tempfile::tempdir().expect("temp");
    let (one, two) = (folder.path().join("1.qdpx"), folder.path().join("2.qdpx"));
    export(&project, ExportFormat::Qdpx, &one, &Selection::default()).expect("ok");
    export(&project, ExportFormat::Qdpx, &two, &Selection::default()).expect("ok");
    assert_eq!(
        std::fs::read(&one).expect("one"),
        std::fs::read(&two).expect("two")
    );
}

#[test]
fn the_codebook_holds_the_tags_with_their_colours_and_guidelines() {
    let project = fixture();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("codes.qdc");
    let exported = export(&project, ExportFormat::Qdc, &out, &Selection::default()).expect("ok");
    let text = std::fs::read_to_string(&out).expect("qdc");
    assert!(text.contains("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\""));
    for tag in &project.tags().tags {
        assert!(
            text.contains(&format!(
                "name=\"{}\" isCodable=\"true\" color=\"{}\"",
                tag.name, tag.colour
            )),
            "{}",
            tag.name
        );
    }
    assert!(
        exported
            .warnings
            .iter()
            .any(|w| w.contains("attribute type"))
    );
    // The codes have the GUIDs the project export gives them.
    let project_out = folder.path().join("study.qdpx");
    export(
        &project,
        ExportFormat::Qdpx,
        &project_out,
        &Selection::default(),
    )
    .expect("ok");
    let qde = &entries(&project_out)["project.qde"];
    let code = Regex::new(r#"<Code guid="([^"]+)""#).expect("regex");
    let in_codebook: Vec<String> = code.captures_iter(&text).map(|c| c[1].to_owned()).collect();
    let in_project: Vec<String> = code.captures_iter(qde).map(|c| c[1].to_owned()).collect();
    assert_eq!(in_codebook, in_project);
    // No tags, no codebook: the standard wants a code.
    let empty = Project::new("empty", "AK").without_tags_or_schema();
    assert!(export(&empty, ExportFormat::Qdc, &out, &Selection::default()).is_err());
}

/// What a project's coding is: spans (document, layer, offsets, tag, note), links by
/// their ends' spans, and labels.
fn coding(project: &Project) -> (Vec<String>, Vec<String>, Vec<String>) {
    let span = |id| {
        project
            .annotation(id)
            .map(|a| {
                format!(
                    "{} {} {}..{} {} {:?}",
                    a.document.0, a.layer, a.start, a.end, a.tag, a.note
                )
            })
            .unwrap_or_default()
    };
    let mut spans: Vec<String> = project.annotations().iter().map(|a| span(a.id)).collect();
    let mut links: Vec<String> = project
        .relations()
        .all()
        .iter()
        .map(|r| {
            format!(
                "{} [{}] -> [{}] {:?}",
                r.kind,
                span(r.from),
                span(r.to),
                r.note
            )
        })
        .collect();
    let mut labels: Vec<String> = project
        .labels()
        .iter()
        .map(|((d, l, n), v)| format!("{} {l} {n} {v}", d.0))
        .collect();
    spans.sort();
    links.sort();
    labels.sort();
    (spans, links, labels)
}

fn import_into(
    project: &mut Project,
    path: &std::path::Path,
) -> annotary::formats::import::Imported {
    use annotary::formats::import::merge;
    use annotary::formats::import_format::ImportFormat;
    let read = ImportFormat::Qdpx.read(&[path.to_owned()], project);
    let (command, report) = merge(project, read, "imported");
    command.apply(project, T0).expect("applies");
    assert!(project.problems().is_empty(), "{:?}", project.problems());
    report
}

#[test]
fn export_then_import_gives_back_every_span_link_and_label_refi_holds() {
    let project = held();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("study.qdpx");
    let exported = export(&project, ExportFormat::Qdpx, &out, &Selection::default()).expect("ok");
    assert!(exported.warnings.is_empty(), "{:?}", exported.warnings);
    // Into the project itself: everything is there already.
    let mut again = project.clone();
    let report = import_into(&mut again, &out);
    assert!(report.adds_nothing(), "{report:?}");
    assert_eq!(report.annotations_present, project.annotations().len());
    assert_eq!(coding(&again), coding(&project));
    // Into a project of the same documents without any coding (and without the layers,
    // which an import would not mix into): the coding comes back, CRLFs and all.
    let mut bare = Project::new("test", "imported");
    for (index, document) in project.documents().iter().enumerate() {
        Command::AddDocument {
            index,
            document: document.clone(),
        }
        .apply(&mut bare, T0)
        .expect("added");
    }
    let report = import_into(&mut bare, &out);
    assert_eq!(report.documents_added, 0, "{report:?}");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(coding(&bare), coding(&project));
}

#[test]
fn a_codebook_brings_its_codes_as_tags_with_their_colours() {
    let project = held();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("codes.qdc");
    export(&project, ExportFormat::Qdc, &out, &Selection::default()).expect("ok");
    let mut fresh = Project::new("fresh", "AK").without_tags_or_schema();
    let read = annotary::formats::import_format::ImportFormat::Qdc.read(&[out], &fresh);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let (command, report) = annotary::formats::import::merge(&fresh, read, "AK");
    command.apply(&mut fresh, T0).expect("applies");
    assert_eq!(report.tags_added.len(), project.tags().tags.len());
    for tag in &project.tags().tags {
        let got = fresh
            .tags()
            .tags
            .iter()
            .find(|t| t.name == tag.name)
            .expect("tag");
        assert_eq!(got.colour, tag.colour, "{}", tag.name);
        assert_eq!(got.description, tag.description, "{}", tag.name);
    }
}

#[test]
fn another_tools_project_counted_in_utf16_with_crlf_is_read_as_its_names_say() {
    // As NVivo counts (UTF-16 units, a CRLF as two), selections after an emoji.
    let text = "Moscow said 🇷🇺 yes.\r\nKabul welcomed it 👍, officials said.";
    let utf16_start = |s: &str| text[..text.find(s).expect("in")].encode_utf16().count();
    let selection = |guid: &str, quote: &str, code: &str| {
        let start = utf16_start(quote);
        format!(
            r#"<PlainTextSelection guid="{guid}" name="{quote}" startPosition="{start}" endPosition="{}"><Coding guid="{guid}0"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>"#,
            start + quote.encode_utf16().count()
        )
    };
    let qde = format!(
        r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="NVivo study" origin="NVivo">
<Users><User guid="u1" name="Ana"/></Users>
<CodeBook><Codes><Code guid="c0" name="Themes" isCodable="false"><Code guid="c1" name="welcome" isCodable="true" color="#00aa00"/></Code></Codes></CodeBook>
<Sources><TextSource guid="s1" name="Interview 1" plainTextPath="internal://s1.txt" creatingUser="u1">{}{}</TextSource>
<PictureSource guid="p1" name="photo" path="internal://p1.png"/></Sources>
</Project>"##,
        selection("a1", "Kabul welcomed it", "c1"),
        selection("a2", "officials said", "c1"),
    );
    let qde = qde.replace(
        "<PlainTextSelection ",
        "<PlainTextSelection creatingUser=\"u1\" ",
    );
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("nvivo.qdpx");
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("file"));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("project.qde", options).expect("entry");
        std::io::Write::write_all(&mut zip, qde.as_bytes()).expect("write");
        zip.start_file("Sources/s1.txt", options).expect("entry");
        std::io::Write::write_all(&mut zip, format!("\u{feff}{text}").as_bytes()).expect("write");
        zip.finish().expect("zip");
    }
    let mut project = Project::new("Study", "AK");
    let report = import_into(&mut project, &path);
    assert_eq!(report.annotations, 2, "{report:?}");
    let quotes: Vec<&str> = project
        .annotations()
        .iter()
        .map(|a| a.quote.as_str())
        .collect();
    assert_eq!(quotes, ["Kabul welcomed it", "officials said"]);
    assert!(
        project
            .annotations()
            .iter()
            .all(|a| a.layer == "imported" && a.tag == "welcome"),
        "one user's codings go into the layer the import goes into"
    );
    let document = project.documents().last().expect("doc");
    assert_eq!(
        document.text().as_str(),
        text,
        "the byte-order mark dropped"
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("1 source that is not text")),
        "{:?}",
        report.problems
    );
}
