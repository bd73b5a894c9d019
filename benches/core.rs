//! Criterion benchmarks of the pieces behind a frame and a file: loading and saving a
//! project, finding the annotations to paint in a paragraph, laying out a paragraph.
//! `annotary bench` measures the whole app; these show which piece moved.

use std::hint::black_box;
use std::path::Path;

use annotary::cli::{SynthOptions, synthesize};
use annotary::formats::project_file;
use annotary::ui::marks::marks_in;
use criterion::{Criterion, criterion_group, criterion_main};

fn book() -> annotary::model::Project {
    synthesize(&SynthOptions {
        chars: 1_000_000,
        annotations: 20_000,
        documents: 1,
        layers: 2,
        seed: 1,
        relations: 0,
        attributes: false,
    })
    .expect("a valid synthetic project")
}

fn files(c: &mut Criterion) {
    let project = book();
    let text = project_file::to_string(&project);
    let mut group = c.benchmark_group("project file, 1M characters, 20k annotations");
    group.sample_size(10);
    group.bench_function("load", |b| {
        b.iter(|| project_file::from_str(black_box(&text), Path::new("bench.ron")))
    });
    group.bench_function("save (to text)", |b| {
        b.iter(|| project_file::to_string(black_box(&project)))
    });
    group.finish();
}

fn marks(c: &mut Criterion) {
    let project = book();
    let document = &project.documents()[0];
    let longest = project
        .annotations_in(&document.id)
        .iter()
        .map(|a| a.end - a.start)
        .max()
        .unwrap_or(0);
    let paragraphs = document.text().paragraphs();
    let middle = &paragraphs[paragraphs.len() / 2..paragraphs.len() / 2 + 20];
    c.bench_function(
        "marks for a screenful (20 paragraphs), 20k annotations",
        |b| {
            b.iter(|| {
                middle
                    .iter()
                    .map(|p| marks_in(&project, &document.id, p.clone(), longest).len())
                    .sum::<usize>()
            })
        },
    );
}

fn layout(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let _ = ctx.run_ui(egui::RawInput::default(), |_| {});
    let project = book();
    let text = project.documents()[0].text();
    let paragraph = text.paragraphs()[1].clone();
    let paragraph = text.slice(paragraph.start, paragraph.end).to_owned();
    let mut round = 0u64;
    c.bench_function("lay out one paragraph (~600 characters) at 700 px", |b| {
        b.iter(|| {
            // A different text each round, so egui's own galley cache cannot answer.
            round += 1;
            let job = egui::text::LayoutJob::simple(
                format!("{round} {paragraph}"),
                egui::FontId::proportional(16.0),
                egui::Color32::WHITE,
                700.0,
            );
            ctx.fonts_mut(|f| f.layout_job(job)).rows.len()
        })
    });
}

criterion_group!(benches, files, marks, layout);
criterion_main!(benches);
