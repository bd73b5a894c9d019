//! A document in a script no font here draws says so over the text, naming the script
//! and the packages that bring fonts for it, instead of leaving rows of boxes unexplained.

mod common;

use annotary::ui::AnnotaryApp;
use annotary::workspace::ViewIntent;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn app_on_text(text: &str) -> Harness<'static, AnnotaryApp> {
    let (project, doc) = common::project_from_markup(text);
    let mut harness = Harness::builder()
        .with_size(common::window::SIZE)
        // The harness has egui's own fonts only: Thai is drawn as boxes here, on purpose.
        .allow_missing_glyphs()
        .build_eframe(move |_cc| AnnotaryApp::with_project(project, None));
    harness.state_mut().queue(ViewIntent::OpenDocument(doc));
    harness.run();
    harness
}

#[test]
fn a_script_without_a_font_is_named_over_the_document() {
    let harness = app_on_text("The ministry said: กระทรวงการต่างประเทศกล่าวว่า");
    harness.get_by_label(
        "No font on this system draws the Thai text of this document: it shows as boxes. \
         Install fonts for it (on Debian or Ubuntu: fonts-noto-core) and start Annotary again.",
    );
}

#[test]
fn a_document_every_font_draws_says_nothing_of_fonts() {
    let harness = app_on_text("The ministry said “talks” go on.");
    assert!(
        harness
            .query_by_label_contains("No font on this system")
            .is_none()
    );
}
