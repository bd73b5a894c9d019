//! The strip beside the scrollbar that shows where a document's annotations lie, by tag:
//! one small texture (a pixel per slice of the text and per tag), counted again only when
//! edits pause, so a densely coded book costs one image per frame. A click jumps there.

use egui::{Color32, Rect, Sense, Ui, pos2};

use crate::model::{Document, DocumentId, Project, Tag};
use crate::workspace::ViewIntent;

use super::events::Asked;
use super::theme::colour32;

/// The strip's counts and the texture drawn from them.
#[derive(Default)]
pub struct DensityStrip {
    density: DensityCache,
    /// The texture and the density generation it shows.
    image: Option<(u64, egui::TextureHandle)>,
    /// The characters in view (first, last), as the document view last showed them.
    pub in_view: Option<(usize, usize)>,
    /// Where the mark of the text in view was drawn in the last frame.
    pub window: Option<Rect>,
    pub ticks: SuggestionTicks,
}

impl DensityStrip {
    /// Draws the strip in `strip` for `document`, with the part in view framed.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        strip: Rect,
        project: &Project,
        document: &Document,
        revision: u64,
        asked: &mut Asked,
    ) {
        let in_view = self.in_view;
        let length = document.text().char_len();
        let response = ui
            .interact(strip, ui.scope_id().with("density_strip"), Sense::click())
            .on_hover_text("Where the annotations are, by tag; click to go there");
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, "Annotation density")
        });
        let rows = strip.height().max(1.0) as usize;
        let now = ui.input(|i| i.time);
        self.density
            .refresh(project, &document.id, length, revision, rows, now);
        if self.density.is_stale() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(300));
        }
        let generation = self.density.generation();
        if self.image.as_ref().is_none_or(|(g, _)| *g != generation) {
            let image = density_image(self.density.cells(), &project.tags().tags);
            match &mut self.image {
                Some((g, texture)) => {
                    texture.set(image, egui::TextureOptions::NEAREST);
                    *g = generation;
                }
                None => {
                    let texture = ui.ctx().load_texture(
                        "annotation density",
                        image,
                        egui::TextureOptions::NEAREST,
                    );
                    self.image = Some((generation, texture));
                }
            }
        }
        let painter = ui.painter_at(strip);
        painter.rect_filled(strip, 0.0, ui.visuals().extreme_bg_color);
        if let Some((_, texture)) = &self.image {
            let whole = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
            painter.image(texture.id(), strip, whole, Color32::WHITE);
        }
        self.window = in_view.and_then(|v| window_of(v, length, strip));
        if let Some(window) = self.window {
            // Where the text in view sits in the whole document, like a scrollbar's thumb.
            let stroke = ui.visuals().widgets.active.fg_stroke;
            painter.rect_filled(window, 1.0, stroke.color.gamma_multiply(0.18));
            painter.rect_stroke(window, 1.0, stroke, egui::StrokeKind::Inside);
        }
        if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let share = ((pos.y - strip.min.y) / strip.height()).clamp(0.0, 1.0);
            asked.send(ViewIntent::ScrollTo((share * length as f32) as usize));
        }
    }
}

/// Where suggestions are along a strip: one tick per pixel row with its colour, for one
/// list (its generation) and strip height.
#[derive(Default)]
pub struct SuggestionTicks {
    made_for: Option<(u64, u32)>,
    rows: Vec<(f32, Color32)>,
}

impl SuggestionTicks {
    /// Faint ticks at the strip's right edge where suggestions are, in their tag's colour:
    /// one per pixel row, worked out again only when the list or the strip changes, so a
    /// book with tens of thousands costs no more than its height.
    pub fn ui(
        &mut self,
        ui: &Ui,
        strip: Rect,
        project: &Project,
        length: usize,
        (suggestions, generation): (&[crate::model::suggest::Suggestion], u64),
    ) {
        if length == 0 || suggestions.is_empty() {
            return;
        }
        let made_for = (generation, strip.height() as u32);
        if self.made_for != Some(made_for) {
            self.made_for = Some(made_for);
            self.rows.clear();
            let mut colours: std::collections::HashMap<&str, Color32> = Default::default();
            for s in suggestions {
                let row = (strip.height() * (s.start as f32 / length as f32)).floor();
                if self.rows.last().is_some_and(|(last, _)| *last == row) {
                    continue;
                }
                let colour = *colours.entry(&s.tag).or_insert_with(|| {
                    super::theme::tag_colour(project, &s.tag).gamma_multiply(0.45)
                });
                self.rows.push((row, colour));
            }
        }
        let painter = ui.painter_at(strip);
        let left = strip.max.x - (strip.width() / 3.0).max(2.0);
        for &(row, colour) in &self.rows {
            let y = strip.min.y + row + 0.5;
            painter.line_segment(
                [pos2(left, y), pos2(strip.max.x, y)],
                egui::Stroke::new(1.0, colour),
            );
        }
    }
}

/// The part of `strip` standing for characters `first..=last` of `length`, at least a few
/// pixels high so that it can be seen in a book.
fn window_of((first, last): (usize, usize), length: usize, strip: Rect) -> Option<Rect> {
    if length == 0 {
        return None;
    }
    let y =
        |offset: usize| strip.min.y + strip.height() * (offset.min(length) as f32 / length as f32);
    let (top, bottom) = (y(first), y(last.max(first)));
    let bottom = bottom.max(top + 4.0).min(strip.max.y);
    Some(Rect::from_min_max(
        pos2(strip.min.x, top),
        pos2(strip.max.x, bottom),
    ))
}

/// One pixel per slice of the text and per tag: the tag's colour, stronger where more
/// annotations start, transparent where none do.
fn density_image(cells: &[Vec<u32>], tags: &[Tag]) -> egui::ColorImage {
    let columns = cells.first().map_or(1, Vec::len);
    // Strength is relative to the busiest slice of each tag, so a densely coded book
    // still shows where it is densest.
    let busiest: Vec<u32> = (0..columns)
        .map(|c| cells.iter().map(|row| row[c]).max().unwrap_or(0).max(1))
        .collect();
    let mut pixels = Vec::with_capacity(columns * cells.len().max(1));
    for counts in cells {
        for (column, &count) in counts.iter().enumerate() {
            pixels.push(if count == 0 {
                Color32::TRANSPARENT
            } else {
                let colour = tags
                    .get(column)
                    .map_or(Color32::GRAY, |t| colour32(t.colour));
                colour.gamma_multiply(0.3 + 0.7 * count as f32 / busiest[column] as f32)
            });
        }
    }
    if pixels.is_empty() {
        return egui::ColorImage::filled([1, 1], Color32::TRANSPARENT);
    }
    egui::ColorImage::new([columns, cells.len()], pixels)
}

/// Where a document's annotations lie, for the strip beside the scrollbar: for each of
/// `rows` equal slices of the text (by characters), how many annotations of each tag start
/// in it. Tags past the `columns`th share the last column.
fn density(
    project: &Project,
    document: &DocumentId,
    length: usize,
    rows: usize,
    columns: usize,
) -> Vec<Vec<u32>> {
    let mut cells = vec![vec![0u32; columns.max(1)]; rows.max(1)];
    let length = length.max(1);
    let tags = &project.tags().tags;
    for annotation in project.annotations_in(document) {
        let row = (annotation.start * cells.len() / length).min(cells.len() - 1);
        let column = tags
            .iter()
            .position(|t| t.name == annotation.tag)
            .unwrap_or(0)
            .min(columns.max(1) - 1);
        cells[row][column] += 1;
    }
    cells
}

/// Seconds the strip waits after the last edit before counting again.
const SETTLE: f64 = 0.3;

/// The density cells of the open document. Counting scans every annotation of the
/// document, so while the researcher is editing, the strip waits until the edits pause
/// (`SETTLE`) instead of slowing each edit down; a new document or size counts at once.
#[derive(Default)]
struct DensityCache {
    key: Option<(DocumentId, u64, usize)>,
    cells: Vec<Vec<u32>>,
    /// When the project first changed since the cells were counted.
    changed_at: Option<f64>,
    /// Counts how often the cells were counted, so a drawing of them knows when to redo.
    generation: u64,
}

impl DensityCache {
    pub fn refresh(
        &mut self,
        project: &Project,
        document: &DocumentId,
        length: usize,
        revision: u64,
        rows: usize,
        now: f64,
    ) {
        let key = (document.clone(), revision, rows);
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let same_view = self
            .key
            .as_ref()
            .is_some_and(|(d, _, r)| d == document && *r == rows);
        let changed_at = *self.changed_at.get_or_insert(now);
        if !same_view || now - changed_at >= SETTLE {
            let columns = project.tags().tags.len().clamp(1, 6);
            self.cells = density(project, document, length, rows, columns);
            self.key = Some(key);
            self.changed_at = None;
            self.generation += 1;
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn cells(&self) -> &[Vec<u32>] {
        &self.cells
    }

    /// True while the cells wait for edits to pause.
    pub fn is_stale(&self) -> bool {
        self.changed_at.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Command;
    use crate::model::Document;

    #[test]
    fn density_counts_annotations_by_slice_and_tag() {
        let mut project = Project::new("p", "AK");
        let doc = DocumentId("d".into());
        let now = jiff::Timestamp::UNIX_EPOCH;
        Command::AddDocument {
            index: 0,
            document: Document::new(doc.clone(), "t".into(), "s".into(), "x".repeat(100)),
        }
        .apply(&mut project, now)
        .expect("add");
        for (start, tag) in [(0, "claim"), (5, "actor"), (50, "date"), (99, "actor")] {
            Command::Annotate {
                document: doc.clone(),
                layer: "AK".into(),
                start,
                end: start + 1,
                tag: tag.into(),
            }
            .apply(&mut project, now)
            .expect("annotate");
        }
        let cells = density(&project, &doc, 100, 4, 3);
        assert_eq!(
            cells,
            vec![vec![1, 1, 0], vec![0, 0, 0], vec![0, 0, 1], vec![0, 1, 0]]
        );
    }
}
