//! A label whose text the document view's engine lays out, for the panels that show what
//! a researcher coded (the inspector's quote, the annotation list): a right-to-left quote
//! then reads in its own order, as in the text, where egui's own labels draw its words
//! left to right. It reads to AccessKit (and the tests) as a label or a selectable label
//! with the same text.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use egui::{Color32, Response, Role, Sense, Ui, Vec2, WidgetInfo, vec2};

use super::script::{Band, Direction, Laid, Setting, with_shaper};

/// Laid-out labels kept between frames; past this many, those not shown lately go.
const KEEP: usize = 600;

/// The layouts of labels shown lately, by text, width and size.
#[derive(Default)]
struct Layouts {
    laid: HashMap<(u64, u32, u32), (Arc<Laid>, u64)>,
}

/// A label laid out by the view's engine: `text` in `colour`, wrapped to the width there
/// is, running its own way, unless the builder's methods say otherwise.
pub struct ScriptLabel<'a> {
    text: &'a str,
    colour: Color32,
    /// A selectable row, selected or not.
    selected: Option<bool>,
    /// Characters (code points of `text`) on the selection's colour: a search match.
    marked: Option<(usize, usize)>,
    /// Exactly this big, what does not fit cut off (a row of a long list).
    size: Option<Vec2>,
    /// Wrapped to the width there is; else on one line as long as it is (a status bar's).
    wrap: bool,
    /// Which way it runs: a list's row, led by a count or a layer's name, runs left to
    /// right whatever its quote; a quote alone, its own way.
    direction: Direction,
}

impl<'a> ScriptLabel<'a> {
    pub fn new(text: &'a str, colour: Color32) -> Self {
        Self {
            text,
            colour,
            selected: None,
            marked: None,
            size: None,
            wrap: true,
            direction: Direction::Auto,
        }
    }

    /// A selectable row (filled when selected or hovered, as egui's own are).
    pub fn selectable(mut self, selected: bool) -> Self {
        self.selected = Some(selected);
        self
    }

    /// With characters `from..to` (code points of the text) marked: a search match.
    pub fn marked(mut self, (from, to): (usize, usize)) -> Self {
        self.marked = Some((from, to));
        self
    }

    /// A row of a list led by a count or a layer's name: left to right whatever its
    /// quote, exactly `size` big, the rest cut off with an ellipsis.
    pub fn row(mut self, size: Option<Vec2>) -> Self {
        self.direction = Direction::LeftToRight;
        self.size = size;
        self
    }

    /// On one line, as long as it is.
    pub fn one_line(mut self) -> Self {
        self.wrap = false;
        self
    }
}

impl ScriptLabel<'_> {
    pub fn show(self, ui: &mut Ui) -> Response {
        let Self {
            text,
            colour,
            selected,
            marked,
            size: fixed,
            wrap,
            direction,
        } = self;
        let size = egui::TextStyle::Body.resolve(ui.style()).size;
        let padding = if selected.is_some() {
            ui.spacing().button_padding
        } else {
            Vec2::ZERO
        };
        let room = fixed.map_or(ui.available_width(), |s| s.x);
        let width = (room - 2.0 * padding.x).max(10.0);
        let laid = laid_out(ui, text, wrap.then_some(width), (size, direction));
        let outer = fixed.unwrap_or(vec2(laid.width.min(width), laid.height) + 2.0 * padding);
        let sense = if selected.is_some() {
            Sense::click()
        } else {
            Sense::hover()
        };
        let (rect, response) = ui.allocate_exact_size(outer, sense);
        let enabled = ui.is_enabled();
        response.widget_info(|| match selected {
            Some(on) => WidgetInfo::selected(Role::Button, enabled, on, text),
            None => WidgetInfo::labeled(Role::Label, enabled, text),
        });
        if !ui.is_rect_visible(rect) {
            return response;
        }
        let painter = ui.painter_at(rect.expand(2.0));
        if let Some(on) = selected
            && (on || response.hovered() || response.highlighted())
        {
            let visuals = ui.style().interact_selectable(&response, on);
            painter.rect(
                rect.expand(visuals.expansion),
                visuals.corner_radius,
                visuals.weak_bg_fill,
                visuals.bg_stroke,
                egui::StrokeKind::Inside,
            );
        }
        // The engine lays a right-to-left text out from the right end of the width given,
        // as it would stand in the text.
        let pixels = ui.ctx().pixels_per_point();
        let at = ((rect.min.to_vec2() + padding) * pixels).round() / pixels;
        if let Some((from, to)) = marked {
            let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.6);
            for band in laid.rects(from as u32, to as u32, Band::Text) {
                painter.rect_filled(band.translate(at), 2.0, fill);
            }
        }
        let mesh = with_shaper(ui.ctx(), |s| s.mesh(ui.ctx(), &laid, colour, at));
        painter.add(egui::Shape::mesh(mesh));
        // Cut off: an ellipsis says so, after the last line that shows.
        let shown = laid
            .lines
            .iter()
            .take_while(|l| at.y + l.bottom <= rect.max.y + 1.0)
            .last();
        if let Some(line) = shown
            && laid.lines.len() > 1
            && !std::ptr::eq(line, &laid.lines[laid.lines.len() - 1])
        {
            let x = if line.rtl {
                line.left - 1.0
            } else {
                line.right + 1.0
            };
            let anchor = if line.rtl {
                egui::Align2::RIGHT_BOTTOM
            } else {
                egui::Align2::LEFT_BOTTOM
            };
            let font = egui::TextStyle::Body.resolve(ui.style());
            painter.text(
                at.to_pos2() + vec2(x, line.text_bottom),
                anchor,
                "…",
                font,
                colour,
            );
        }
        with_shaper(ui.ctx(), |s| s.atlas.flush());
        response
    }
}

/// `text` laid out at `width` (unbounded: `None`) and `size`, from the labels shown
/// lately when it was.
fn laid_out(
    ui: &Ui,
    text: &str,
    width: Option<f32>,
    (size, direction): (f32, Direction),
) -> Arc<Laid> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    direction.hash(&mut hasher);
    let key = (
        hasher.finish(),
        width.map_or(u32::MAX, f32::to_bits),
        size.to_bits(),
    );
    let id = egui::Id::unique("annotary-script-labels");
    let pass = ui.ctx().cumulative_pass_nr();
    let layouts = ui.ctx().data_mut(|d| {
        d.get_temp_mut_or_insert_with(id, || Arc::new(Mutex::new(Layouts::default())))
            .clone()
    });
    let mut layouts = layouts.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((laid, used)) = layouts.laid.get_mut(&key) {
        *used = pass;
        return laid.clone();
    }
    let setting = Setting {
        size,
        line_height: size * 1.35,
        direction,
    };
    let laid = Arc::new(with_shaper(ui.ctx(), |s| s.lay_out(text, width, setting)));
    if layouts.laid.len() >= KEEP {
        let mut used: Vec<u64> = layouts.laid.values().map(|(_, u)| *u).collect();
        used.sort_unstable();
        let cutoff = used[used.len() / 2];
        layouts.laid.retain(|_, (_, u)| *u > cutoff);
    }
    layouts.laid.insert(key, (laid.clone(), pass));
    laid
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the glyphs of a label shown alone in a 300-point-wide panel are drawn.
    fn drawn(text: &str) -> egui::Rect {
        let ctx = egui::Context::default();
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                vec2(300.0, 200.0),
            )),
            ..Default::default()
        };
        let mut output = ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                ScriptLabel::new(text, Color32::WHITE).show(ui);
            });
        });
        // Nothing is drawn: the textures' updates have nowhere to go.
        output.textures_delta.clear();
        let mut bounds = egui::Rect::NOTHING;
        for clipped in &output.shapes {
            if let egui::Shape::Mesh(mesh) = &clipped.shape
                && mesh.texture_id != egui::TextureId::default()
            {
                bounds = bounds.union(mesh.calc_bounds());
            }
        }
        bounds
    }

    #[test]
    fn a_right_to_left_quote_stands_at_the_right_and_a_left_to_right_one_at_the_left() {
        // The Arabic-script font Annotary brings draws the Persian word.
        let persian = drawn("حکومت");
        let english = drawn("The Kremlin");
        assert!(persian.is_positive() && english.is_positive());
        assert!(persian.min.x > 200.0, "{persian:?}");
        assert!(english.max.x < 120.0, "{english:?}");
    }
}
