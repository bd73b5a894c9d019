//! The real app, headless: a relation drawn with the mouse (Alt+drag from one highlight to
//! another), its type picked in the inspector, and a stance set from the inspector.

mod common;

use annotary::model::AttributeValue;
use annotary::ui::AnnotaryApp;
use egui::accesskit::Role;
use egui::{Event, Modifiers, PointerButton, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn char_centre(harness: &Harness<'_, AnnotaryApp>, offset: usize) -> Pos2 {
    harness
        .state()
        .char_rect(offset)
        .expect("character laid out")
        .center()
}

fn press(harness: &mut Harness<'_, AnnotaryApp>, pos: Pos2, pressed: bool, modifiers: Modifiers) {
    harness.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers,
    });
}

#[test]
fn alt_drag_from_a_claim_to_an_actor_links_them_and_the_inspector_sets_its_stance() {
    let (project, doc) = common::project_from_markup(
        "[actor:Pakistan] said on Monday that [claim:the Afghan Taliban are throwing their weight behind the TTP].",
    );
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_eframe(move |_cc| AnnotaryApp::with_project(project, None));
    harness.run();
    let text = harness
        .state()
        .workspace()
        .project()
        .document(&doc)
        .expect("doc")
        .text()
        .clone();
    let (claim_at, _) = common::find_in(&text, "throwing", 0);
    let (actor_at, _) = common::find_in(&text, "Pakistan", 0);
    let from = char_centre(&harness, claim_at + 2);
    let to = char_centre(&harness, actor_at + 3);
    harness.event(Event::ModifiersChanged(Modifiers::ALT));
    harness.hover_at(from);
    harness.run();
    press(&mut harness, from, true, Modifiers::ALT);
    harness.run();
    harness.hover_at(from + (to - from) * 0.5);
    harness.run();
    harness.hover_at(to);
    harness.run();
    press(&mut harness, to, false, Modifiers::ALT);
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
    // A claim and an actor fit two types: the inspector offers both.
    harness.get_by_label("addressee (a)");
    harness.get_by_label("claimant (c)").click();
    harness.run();
    let workspace = harness.state().workspace();
    let project = workspace.project();
    let claim = project
        .annotations()
        .iter()
        .find(|a| a.tag == "claim")
        .expect("claim")
        .id;
    let links = project.relations().of(claim);
    assert_eq!(links.len(), 1, "one link drawn");
    assert_eq!(links[0].kind, "claimant");
    assert_eq!(
        project.annotation(links[0].to).map(|a| a.quote.as_str()),
        Some("Pakistan")
    );
    // The inspector lists the link; the stance is a list of its choices.
    harness.get_by_label("claimant: Pakistan");
    harness
        .get_by_role_and_label(Role::ComboBox, "stance")
        .click();
    harness.run();
    harness.get_by_label("oppose").click();
    harness.run();
    let project = harness.state().workspace().project();
    assert_eq!(
        project
            .annotation(claim)
            .and_then(|a| a.attributes.get("stance")),
        Some(&AttributeValue::Text("oppose".into()))
    );
    assert_eq!(
        harness.state().workspace().history().undo_label(),
        Some("set stance")
    );
}

#[test]
fn linking_from_the_keyboard_typing_and_backspace_search_never_delete() {
    let (project, _) = common::project_from_markup(
        "[actor:Pakistan] and [actor:Russia] said that [claim:the Taliban back the TTP].",
    );
    let claim = project
        .annotations()
        .iter()
        .find(|a| a.tag == "claim")
        .expect("claim")
        .id;
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_eframe(move |_cc| AnnotaryApp::with_project(project, None));
    harness.run();
    harness
        .state_mut()
        .apply(annotary::workspace::ViewIntent::SelectAnnotation {
            id: claim,
            scroll: false,
        });
    harness.run();
    harness.key_press(egui::Key::L);
    harness.run();
    // "/" and the first letters in one frame: a search for "pak", not a claimant link.
    for text in ["/", "p", "a", "k"] {
        harness.event(Event::Text(text.into()));
    }
    harness.run();
    harness.key_press(egui::Key::Backspace);
    harness.run();
    let workspace = harness.state().workspace();
    assert!(
        workspace.project().annotation(claim).is_some(),
        "Backspace kept the claim"
    );
    let linking = workspace.view().linking.clone().expect("still linking");
    assert_eq!(linking.typed.as_deref(), Some("pa"));
    assert!(workspace.project().relations().is_empty());
    harness.key_press(egui::Key::Enter);
    harness.run();
    let project = harness.state().workspace().project();
    let links = project.relations().of(claim);
    assert_eq!(links.len(), 1);
    assert_eq!(
        project.annotation(links[0].to).map(|a| a.quote.as_str()),
        Some("Pakistan")
    );
}

/// How many curves the last frame drew: each relation arrow is one.
fn curves(harness: &Harness<'_, AnnotaryApp>) -> usize {
    harness
        .output()
        .shapes
        .iter()
        .filter(|clipped| matches!(clipped.shape, egui::Shape::QuadraticBezier(_)))
        .count()
}

#[test]
fn arrows_are_drawn_for_the_selected_annotation_and_for_all_when_asked() {
    use annotary::workspace::{CodeIntent, ViewIntent};
    let (project, _) = common::project_from_markup(
        "[actor:Pakistan] said on [date:3 July] that [claim:the Taliban back the TTP]; \
         [claim:Kabul denied it].",
    );
    let ids: Vec<_> = project
        .annotations()
        .iter()
        .map(|a| (a.tag.clone(), a.id))
        .collect();
    let id = |tag: &str, nth: usize| {
        ids.iter()
            .filter(|(t, _)| t == tag)
            .nth(nth)
            .expect("tagged")
            .1
    };
    let (claim, other, actor, date) = (
        id("claim", 0),
        id("claim", 1),
        id("actor", 0),
        id("date", 0),
    );
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_eframe(move |_cc| AnnotaryApp::with_project(project, None));
    harness.run();
    for (from, to, kind) in [
        (claim, actor, "claimant"),
        (claim, date, "dated"),
        (other, actor, "claimant"),
    ] {
        harness.state_mut().apply(CodeIntent::Relate {
            kind: kind.into(),
            from,
            to,
        });
    }
    harness.run();
    assert_eq!(curves(&harness), 0, "nothing selected, relations not shown");
    harness.state_mut().apply(ViewIntent::SelectAnnotation {
        id: claim,
        scroll: false,
    });
    harness.run();
    assert_eq!(curves(&harness), 2, "the selected claim's two links");
    harness.state_mut().apply(ViewIntent::ToggleRelations);
    harness.run();
    assert_eq!(curves(&harness), 3, "every relation on screen");
}

#[test]
fn the_schema_editor_adds_a_relation_type_in_one_step() {
    let (project, _) = common::project_from_markup("[actor:Pakistan] and [actor:Russia] met.");
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_eframe(move |_cc| AnnotaryApp::with_project(project, None));
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::T);
    harness.run();
    harness.get_by_label("Relation types");
    harness.get_by_label("Add relation type").click();
    harness.run();
    harness.get_by_label("Apply").click();
    harness.run();
    let workspace = harness.state().workspace();
    let names: Vec<_> = workspace
        .project()
        .schema()
        .relations
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["claimant", "addressee", "dated", "relation4"]);
    assert_eq!(workspace.history().undo_label(), Some("edit schema"));
}
