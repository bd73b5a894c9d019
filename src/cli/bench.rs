//! `annotary bench`: opens a project and drives the real app headless (the same
//! `AnnotaryApp::show` the window runs, fed the intents a researcher's input makes), timing each full UI pass: egui layout plus
//! tessellation, as CPU time of this thread.

use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::bench_memory::PeakMemory;
pub use super::bench_window::{EditSpread, Spread};
use super::bench_window::{Window, ms, percentile, sorted, spread};

use crate::formats::project_file;
use crate::model::Choice;
use crate::model::search::Query;
use crate::model::suggest::{Source, TrainingSet};
use crate::ui::AnnotaryApp;
use crate::workspace::{
    CodeIntent, EditIntent, FindIntent, ReviewIntent, SuggestIntent, ViewIntent,
};

/// "Annotate all matches" over a common word: how many, and how long the frame took.
#[derive(Debug, Serialize)]
pub struct AnnotateAll {
    pub matches: usize,
    pub ms: f64,
}

/// Reviewing the first two layers: computing their differences and agreement, the frames
/// with the review panel open, and settling disagreements from the keyboard.
#[derive(Debug, Serialize)]
pub struct ReviewBench {
    pub differences: usize,
    pub diff_ms: f64,
    pub agreement_ms: f64,
    pub tokens: usize,
    pub open_frame_ms: f64,
    pub frame_ms: Spread,
    pub decide_ms: EditSpread,
}

/// Relations drawn and made: the frames of the same scroll with every relation on screen
/// drawn, and links made from the keyboard (`L`, Enter), each the frame that carries it out.
#[derive(Debug, Serialize)]
pub struct RelationsBench {
    pub relations: usize,
    pub frame_ms: Spread,
    pub relate_ms: EditSpread,
}

/// Suggestions for the first document: the wall time from asking to seeing them (forms
/// learned from the whole project, dates, the tagger's spans; on a worker thread for a
/// long document), then the frames of the same scroll with them drawn. The tagger's own
/// work is timed apart, as its worker does it: training on the layer, then tagging the
/// document the first time (later searches reuse what it found).
#[derive(Debug, Serialize)]
pub struct SuggestionsBench {
    pub chars: usize,
    pub suggestions: usize,
    pub find_ms: f64,
    pub frame_ms: Spread,
    pub tagger_train_ms: f64,
    pub tagger_tag_ms: f64,
    pub tagger_spans: usize,
}

/// Milliseconds throughout.
#[derive(Debug, Serialize)]
pub struct BenchReport {
    pub open_ms: f64,
    pub first_frame_ms: f64,
    pub frames: usize,
    pub frame_ms: Spread,
    pub edit_ms: EditSpread,
    pub save_ms: f64,
    pub annotate_all: AnnotateAll,
    /// Only for projects with two layers or more.
    pub review: Option<ReviewBench>,
    /// Only for projects with relations.
    pub relations: Option<RelationsBench>,
    pub suggestions: SuggestionsBench,
    /// Switching documents, the document list and project-wide find.
    pub corpus: super::bench_corpus::CorpusBench,
    pub peak_rss_mb: f64,
    /// Each part's own peak, to tell which part sets the run's.
    pub peak_rss_by_part: PeakMemory,
}

/// Opens `path`, scrolls its first document from top to bottom in `frames` steps, jumps to
/// 100 annotations picked at random (a fixed seed), creates, retags and deletes
/// annotations, saves a copy, and tags every match of a common word.
pub fn bench(path: &Path, frames: usize) -> anyhow::Result<BenchReport> {
    let opened = Instant::now();
    let project = project_file::load(path)?;
    let open_ms = ms(opened.elapsed());
    let mut memory = PeakMemory::default();
    memory.part_done("open");
    let document = project
        .documents()
        .first()
        .ok_or_else(|| anyhow::anyhow!("{}: the project has no documents", path.display()))?;
    let length = document.text().char_len();
    let words: Vec<(usize, usize)> = {
        let text = document.text();
        (0..200)
            .filter_map(|i| text.word_at(length * i / 200 + 1))
            .map(|w| (w.start, w.end))
            .collect()
    };
    let ids: Vec<_> = project
        .annotations_in(&document.id)
        .iter()
        .map(|a| a.id)
        .collect();
    let mut app = AnnotaryApp::with_project(project, None);
    let mut window = Window {
        ctx: egui::Context::default(),
        time: 0.0,
    };

    let first_frame_ms = window.frame(&mut app);
    let mut frame_times = Vec::new();
    for step in 0..=frames {
        app.queue(ViewIntent::ScrollTo(length * step / frames.max(1)));
        frame_times.push(window.frame(&mut app));
    }
    jump_about(&mut app, &mut window, &ids, &mut frame_times);

    memory.part_done("scroll and jump");
    // An edit is the frame that carries it out plus the frame that shows it.
    let mut edit_times = Vec::new();
    for &(start, end) in words.iter().take(30) {
        app.queue(ViewIntent::ScrollTo(start));
        window.frame(&mut app);
        let edits: [crate::workspace::Intent; 4] = [
            ViewIntent::SelectText {
                anchor: start,
                head: end,
            }
            .into(),
            EditIntent::Tag("actor".into()).into(),
            EditIntent::Tag("date".into()).into(),
            EditIntent::DeleteAnnotation.into(),
        ];
        for intent in edits {
            app.queue(intent);
            edit_times.push(window.frame(&mut app) + window.frame(&mut app));
        }
    }

    memory.part_done("edits");
    let folder = std::env::temp_dir().join(format!("annotary-bench-{}", std::process::id()));
    std::fs::create_dir_all(&folder)?;
    let saved = Instant::now();
    project_file::save(app.workspace().project(), &folder.join("bench.ron"))?;
    let save_ms = ms(saved.elapsed());
    let _ = std::fs::remove_dir_all(&folder);
    memory.part_done("save");

    let review = if app.workspace().project().layers().len() >= 2 {
        let review = bench_review(&mut app, &mut window, length, frames);
        // Annotate-all is timed on its own, without the review's differences to update.
        app.queue(ReviewIntent::Close);
        window.frame(&mut app);
        memory.part_done("review");
        Some(review)
    } else {
        None
    };

    let relations = (!app.workspace().project().relations().is_empty())
        .then(|| bench_relations(&mut app, &mut window, length, frames));
    memory.part_done("relations");
    let corpus = super::bench_corpus::bench_corpus(&mut app, &mut window);
    memory.part_done("corpus");
    let annotate_all = annotate_all(&mut app, &mut window);
    memory.part_done("annotate all");
    let suggestions = bench_suggestions(&mut app, &mut window, length, frames);
    memory.part_done("suggestions");

    let frame_times = sorted(frame_times);
    let edit_times = sorted(edit_times);
    Ok(BenchReport {
        open_ms,
        first_frame_ms,
        frames: frame_times.len(),
        frame_ms: Spread {
            median: percentile(&frame_times, 0.5),
            p95: percentile(&frame_times, 0.95),
            p99: percentile(&frame_times, 0.99),
            max: frame_times.last().copied().unwrap_or(0.0),
        },
        edit_ms: EditSpread {
            median: percentile(&edit_times, 0.5),
            max: edit_times.last().copied().unwrap_or(0.0),
        },
        save_ms,
        annotate_all,
        review,
        relations,
        suggestions,
        corpus,
        peak_rss_mb: memory.overall(),
        peak_rss_by_part: memory,
    })
}

/// Jumps to 100 of the annotations `ids` picked at random (the same ones on every run),
/// timing the frame that jumps and the next.
fn jump_about(
    app: &mut AnnotaryApp,
    window: &mut Window,
    ids: &[crate::model::AnnotationId],
    frame_times: &mut Vec<f64>,
) {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..100.min(ids.len()) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let id = ids[usize::try_from(seed % ids.len() as u64).unwrap_or(0)];
        app.queue(ViewIntent::SelectAnnotation { id, scroll: true });
        frame_times.push(window.frame(app));
        frame_times.push(window.frame(app));
    }
}

/// Times the window finding the first document's suggestions (on its worker thread for a
/// long document), then scrolls with them drawn.
fn bench_suggestions(
    app: &mut AnnotaryApp,
    window: &mut Window,
    length: usize,
    frames: usize,
) -> SuggestionsBench {
    // What the coder waits for: the window's own worker finding them afresh (shown
    // dates off and on again), not a second search beside it.
    let wait = |app: &mut AnnotaryApp, window: &mut Window| {
        let waited = Instant::now();
        while app.workspace().suggestions_pending() && waited.elapsed() < Duration::from_secs(300) {
            std::thread::sleep(Duration::from_millis(5));
            window.frame(app);
        }
    };
    // The tagger trained on the coding as it now is first (the edits above changed it),
    // so that the search timed is the one a coder waits for after a training.
    let waited = Instant::now();
    while app.workspace().tagger_state().1 && waited.elapsed() < Duration::from_secs(300) {
        std::thread::sleep(Duration::from_millis(5));
        window.frame(app);
    }
    app.queue(SuggestIntent::Toggle(Source::Dates));
    window.frame(app);
    wait(app, window);
    app.queue(SuggestIntent::Toggle(Source::Dates));
    let started = Instant::now();
    window.frame(app);
    wait(app, window);
    let find_ms = ms(started.elapsed());
    let count = app.workspace().suggestions().len();
    let mut frame_times = Vec::new();
    for step in 0..=frames {
        app.queue(ViewIntent::ScrollTo(length * step / frames.max(1)));
        frame_times.push(window.frame(app));
    }
    let frame_times = sorted(frame_times);
    let workspace = app.workspace();
    let project = workspace.project();
    let started = Instant::now();
    let tagger = TrainingSet::gather(project, &workspace.view().layer, None).train();
    let tagger_train_ms = ms(started.elapsed());
    let started = Instant::now();
    let tagger_spans = project
        .documents()
        .first()
        .map_or(0, |d| tagger.find(d).len());
    let tagger_tag_ms = ms(started.elapsed());
    SuggestionsBench {
        chars: length,
        suggestions: count,
        find_ms,
        tagger_train_ms,
        tagger_tag_ms,
        tagger_spans,
        frame_ms: Spread {
            median: percentile(&frame_times, 0.5),
            p95: percentile(&frame_times, 0.95),
            p99: percentile(&frame_times, 0.99),
            max: frame_times.last().copied().unwrap_or(0.0),
        },
    }
}

/// Scrolls with every relation drawn, then links 30 claims from the keyboard.
fn bench_relations(
    app: &mut AnnotaryApp,
    window: &mut Window,
    length: usize,
    frames: usize,
) -> RelationsBench {
    app.queue(ViewIntent::ToggleRelations);
    window.frame(app);
    let mut frame_times = Vec::new();
    for step in 0..=frames {
        app.queue(ViewIntent::ScrollTo(length * step / frames.max(1)));
        frame_times.push(window.frame(app));
    }
    let project = app.workspace().project();
    let claims: Vec<_> = project
        .documents()
        .first()
        .map(|d| project.annotations_in(&d.id))
        .unwrap_or_default()
        .iter()
        .filter(|a| a.tag == "claim")
        .map(|a| a.id)
        .collect();
    let relations = project.relations().len();
    let mut relate_times = Vec::new();
    for &id in claims.iter().step_by((claims.len() / 30).max(1)).take(30) {
        app.queue(ViewIntent::SelectAnnotation { id, scroll: true });
        window.frame(app);
        app.queue(CodeIntent::StartLink);
        window.frame(app);
        app.queue(CodeIntent::Link(None));
        relate_times.push(window.frame(app));
        window.frame(app);
    }
    app.queue(ViewIntent::ToggleRelations);
    window.frame(app);
    let relate_times = sorted(relate_times);
    RelationsBench {
        relations,
        frame_ms: spread(frame_times),
        relate_ms: EditSpread {
            median: percentile(&relate_times, 0.5),
            max: relate_times.last().copied().unwrap_or(0.0),
        },
    }
}

/// Finds a common word in the document and tags every match, as one step.
fn annotate_all(app: &mut AnnotaryApp, window: &mut Window) -> AnnotateAll {
    app.queue(FindIntent::Open { everywhere: false });
    window.frame(app);
    app.queue(FindIntent::Query(Query {
        text: "the".into(),
        whole_word: true,
        ..Query::default()
    }));
    window.frame(app);
    let matches = app.workspace().search().map_or(0, |s| s.ticked());
    app.queue(FindIntent::AnnotateMatches);
    AnnotateAll {
        matches,
        ms: window.frame(app),
    }
}

/// The review part of the bench, on the project's first two layers.
fn bench_review(
    app: &mut AnnotaryApp,
    window: &mut Window,
    length: usize,
    frames: usize,
) -> ReviewBench {
    let project = app.workspace().project();
    let layers: Vec<String> = project.layers()[..2]
        .iter()
        .map(|l| l.name.clone())
        .collect();
    let started = Instant::now();
    let differences = crate::review::diff::diff(project, &layers[0], &layers[1]).len();
    let diff_ms = ms(started.elapsed());
    let started = Instant::now();
    let report = crate::review::agreement::report(project, &layers, &[]);
    let agreement_ms = ms(started.elapsed());

    app.queue(ReviewIntent::Start {
        mine: layers[0].clone(),
        theirs: layers[1].clone(),
    });
    let open_frame_ms = window.frame(app);
    let mut frame_times = Vec::new();
    let steps = frames.clamp(1, 200);
    for step in 0..=steps {
        app.queue(ViewIntent::ScrollTo(length * step / steps));
        frame_times.push(window.frame(app));
    }
    // Walk to a disagreement and reject it, 20 times: each the frame that decides plus the
    // frame that shows it.
    let mut decide_times = Vec::new();
    for _ in 0..20 {
        app.queue(ReviewIntent::Skip { forward: true });
        window.frame(app);
        app.queue(ReviewIntent::Settle(Choice::Neither));
        decide_times.push(window.frame(app) + window.frame(app));
    }
    let decide_times = sorted(decide_times);
    ReviewBench {
        differences,
        diff_ms,
        agreement_ms,
        tokens: report.overall.tokens,
        open_frame_ms,
        frame_ms: spread(frame_times),
        decide_ms: EditSpread {
            median: percentile(&decide_times, 0.5),
            max: decide_times.last().copied().unwrap_or(0.0),
        },
    }
}
