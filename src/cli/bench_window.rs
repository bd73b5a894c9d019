//! The headless window `annotary bench` drives (one egui context at a fixed size, each
//! frame's CPU time) and how its timings are summed up.

use std::time::Duration;

use cpu_time::ThreadTime;
use egui::{RawInput, Rect, pos2, vec2};
use serde::Serialize;

use crate::ui::AnnotaryApp;

#[derive(Debug, Serialize)]
pub struct Spread {
    pub median: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

#[derive(Debug, Serialize)]
pub struct EditSpread {
    pub median: f64,
    pub max: f64,
}

pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The value below which `share` of the sorted samples lie.
pub fn percentile(sorted: &[f64], share: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (share * (sorted.len() - 1) as f64).round();
    // `rank` is within 0..len by construction.
    sorted[(rank as usize).min(sorted.len() - 1)]
}

pub fn sorted(mut samples: Vec<f64>) -> Vec<f64> {
    samples.sort_by(f64::total_cmp);
    samples
}

/// A headless window: one egui context at a fixed size and frame rate.
pub struct Window {
    pub ctx: egui::Context,
    pub time: f64,
}

impl Window {
    /// Runs one frame and returns its CPU time in milliseconds.
    pub fn frame(&mut self, app: &mut AnnotaryApp) -> f64 {
        self.frame_with(app, Vec::new())
    }

    /// Runs one frame that brings `events` (the pointer, the wheel).
    pub fn frame_with(&mut self, app: &mut AnnotaryApp, events: Vec<egui::Event>) -> f64 {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1280.0, 800.0))),
            time: Some(self.time),
            events,
            ..Default::default()
        };
        self.time += 1.0 / 60.0;
        let started = ThreadTime::now();
        let mut output = self.ctx.run_ui(input, |ui| app.show(ui));
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        let spent = ms(started.elapsed());
        // There is no GPU here: font atlas updates have nowhere to go.
        output.textures_delta.clear();
        drop(primitives);
        spent
    }
}

pub fn spread(samples: Vec<f64>) -> Spread {
    let samples = sorted(samples);
    Spread {
        median: percentile(&samples, 0.5),
        p95: percentile(&samples, 0.95),
        p99: percentile(&samples, 0.99),
        max: samples.last().copied().unwrap_or(0.0),
    }
}
