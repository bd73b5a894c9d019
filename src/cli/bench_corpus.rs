//! `annotary bench` on a corpus: switching between articles across the project, the
//! document list scrolled through its thousands of rows, and finding a word in every
//! document at once, each as the real app does it headless.

use std::time::Instant;

use egui::{Event, MouseWheelSource, MouseWheelUnit, TouchPhase, pos2, vec2};
use serde::Serialize;

use super::bench_window::{Spread, Window, ms, spread};
use crate::model::search::Query;
use crate::ui::AnnotaryApp;
use crate::workspace::{FindIntent, ViewIntent};

/// How many documents the bench opens, spread over the project.
const SWITCHES: usize = 50;

/// Finding one word in every document: how many matches, and the wall time of the frame
/// that finds them and shows the first.
#[derive(Debug, Serialize)]
pub struct FindEverywhere {
    pub query: String,
    pub matches: usize,
    pub ms: f64,
}

#[derive(Debug, Serialize)]
pub struct CorpusBench {
    pub documents: usize,
    /// Opening a document: the frame that opens it plus the frame that shows it.
    pub switch_ms: Spread,
    /// Frames of the document list scrolled by the wheel, a screenful and more each.
    pub list_frame_ms: Spread,
    /// A word of the first document, then "the".
    pub find: Vec<FindEverywhere>,
}

pub(super) fn bench_corpus(app: &mut AnnotaryApp, window: &mut Window) -> CorpusBench {
    let project = app.workspace().project();
    let documents: Vec<_> = project.documents().iter().map(|d| d.id.clone()).collect();
    let first = documents.first().cloned();
    // A word of five letters or more from the middle of the first document.
    let word = project
        .documents()
        .first()
        .and_then(|d| {
            let text = d.text();
            let middle = text.char_len() / 2;
            (middle..text.char_len())
                .step_by(7)
                .filter_map(|at| text.word_at(at))
                .map(|w| text.slice(w.start, w.end).to_owned())
                .find(|w| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic))
        })
        .unwrap_or_else(|| "annotation".to_owned());

    let mut switches = Vec::new();
    for i in 0..SWITCHES.min(documents.len()) {
        let id = documents[i * documents.len() / SWITCHES.min(documents.len())].clone();
        app.queue(ViewIntent::OpenDocument(id));
        switches.push(window.frame(app) + window.frame(app));
    }

    let mut list = Vec::new();
    for step in 0..SWITCHES {
        // Down through the list, then back up to its top.
        let down = if step < SWITCHES / 2 { -1.0 } else { 1.0 };
        let events = vec![
            Event::PointerMoved(pos2(100.0, 400.0)),
            Event::MouseWheel {
                unit: MouseWheelUnit::Point,
                delta: vec2(0.0, down * 1500.0),
                phase: TouchPhase::Move,
                source: MouseWheelSource::Wheel,
                modifiers: egui::Modifiers::NONE,
            },
        ];
        list.push(window.frame_with(app, events));
    }

    let mut find = Vec::new();
    app.queue(FindIntent::Open { everywhere: true });
    window.frame(app);
    for text in [word, "the".to_owned()] {
        app.queue(FindIntent::Query(Query {
            text: text.clone(),
            whole_word: true,
            ..Query::default()
        }));
        let started = Instant::now();
        window.frame(app);
        let spent = ms(started.elapsed());
        let matches = app.workspace().search().map_or(0, |s| s.matches());
        find.push(FindEverywhere {
            query: text,
            matches,
            ms: spent,
        });
    }
    app.queue(FindIntent::Close);
    window.frame(app);
    if let Some(first) = first {
        app.queue(ViewIntent::OpenDocument(first));
        window.frame(app);
    }
    CorpusBench {
        documents: documents.len(),
        switch_ms: spread(switches),
        list_frame_ms: spread(list),
        find,
    }
}
