//! Relations drawn over the text: a curved arrow from one highlight to another, labelled
//! with the relation's type; for the selected annotation always, for every annotation on
//! screen when *View ▸ Show relations* is on, and the link being made from the keyboard.
//!
//! Only annotations painted this frame have an anchor, so the cost follows what is on
//! screen, not how many relations the document has.

use std::collections::HashMap;

use egui::epaint::QuadraticBezierShape;
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, pos2, vec2};

use crate::model::{AnnotationId, Project, Relation};
use crate::workspace::view::View;

/// Where each annotation painted this frame begins on screen (its first piece's first row).
#[derive(Default)]
pub struct Anchors(HashMap<AnnotationId, Rect>);

impl Anchors {
    /// Keeps the first rect seen for `id`: paragraphs are painted top to bottom.
    pub fn note(&mut self, id: AnnotationId, rect: Rect) {
        self.0.entry(id).or_insert(rect);
    }

    pub fn get(&self, id: AnnotationId) -> Option<Rect> {
        self.0.get(&id).copied()
    }
}

/// The relations to draw this frame: each once, both ends on screen.
pub fn relations_to_draw<'a>(
    project: &'a Project,
    view: &View,
    anchors: &Anchors,
) -> Vec<&'a Relation> {
    let relations = project.relations();
    if relations.is_empty() {
        return Vec::new();
    }
    let mut drawn: Vec<&Relation> = if view.show_relations {
        anchors.0.keys().flat_map(|&id| relations.of(id)).collect()
    } else {
        view.selected.map(|id| relations.of(id)).unwrap_or_default()
    };
    drawn.retain(|r| anchors.get(r.from).is_some() && anchors.get(r.to).is_some());
    drawn.sort_by_key(|r| r.id);
    drawn.dedup_by_key(|r| r.id);
    drawn
}

/// Paints the relations `drawn` and the link being made, over the text.
pub fn paint(
    painter: &Painter,
    project: &Project,
    view: &View,
    anchors: &Anchors,
    drawn: &[&Relation],
    (colour, background): (Color32, Color32),
) {
    // Arrows leaving one annotation rise to different heights, so their labels do not
    // sit on one another.
    let mut leaving: HashMap<AnnotationId, f32> = HashMap::new();
    for relation in drawn {
        let (Some(from), Some(to)) = (anchors.get(relation.from), anchors.get(relation.to)) else {
            continue;
        };
        let emphasis = view.selected.is_some_and(|s| relation.touches(s));
        let stroke = Stroke::new(if emphasis { 1.8 } else { 1.2 }, colour);
        let rise = leaving.entry(relation.from).or_insert(0.0);
        arrow(
            painter,
            (from, to, *rise),
            (stroke, background),
            &relation.kind,
        );
        *rise += 13.0;
    }
    if let Some(linking) = &view.linking
        && let (Some(from), Some(to)) = (
            anchors.get(linking.from),
            linking.target.and_then(|t| anchors.get(t)),
        )
    {
        let target_tag = linking
            .target
            .and_then(|t| project.annotation(t))
            .map_or("", |a| a.tag.as_str());
        let label = format!("link to this {target_tag}? (type key, Enter)");
        let stroke = Stroke::new(2.0, colour.gamma_multiply(0.6));
        arrow(painter, (from, to, 0.0), (stroke, background), &label);
        painter.rect_stroke(
            to.expand(3.0),
            3.0,
            Stroke::new(2.0, colour),
            egui::StrokeKind::Outside,
        );
    }
}

/// A curve from the top of `from` to the top of `to`, bulging upward (more for ends
/// farther apart, and by `rise` more), with a head at `to` and the label at its highest
/// point.
fn arrow(
    painter: &Painter,
    (from, to, rise): (Rect, Rect, f32),
    (stroke, background): (Stroke, Color32),
    label: &str,
) {
    let start = pos2(from.center().x, from.min.y);
    let end = pos2(to.center().x, to.min.y);
    let lift = 18.0
        + rise * 2.0
        + (end.x - start.x).abs().min(400.0) * 0.08
        + (end.y - start.y).abs() * 0.1;
    let control = pos2((start.x + end.x) / 2.0, start.y.min(end.y) - lift);
    painter.add(QuadraticBezierShape::from_points_stroke(
        [start, control, end],
        false,
        Color32::TRANSPARENT,
        stroke,
    ));
    // The head points along the curve's last stretch, from the control point to the end.
    let direction = (end - control).normalized();
    let side = vec2(-direction.y, direction.x);
    let back = end - direction * 7.0;
    painter.line_segment([end, back + side * 4.0], stroke);
    painter.line_segment([end, back - side * 4.0], stroke);
    // The label on a patch of the background, so that it reads over the text below.
    let top = curve_point(start, control, end, 0.5);
    let galley = painter.layout_no_wrap(label.to_owned(), FontId::proportional(11.0), stroke.color);
    let rect = Align2::CENTER_BOTTOM.anchor_size(top - vec2(0.0, 2.0), galley.size());
    painter.rect_filled(rect.expand(1.5), 2.0, background.gamma_multiply(0.9));
    painter.galley(rect.min, galley, stroke.color);
}

fn curve_point(a: Pos2, b: Pos2, c: Pos2, t: f32) -> Pos2 {
    let u = 1.0 - t;
    pos2(
        u * u * a.x + 2.0 * u * t * b.x + t * t * c.x,
        u * u * a.y + 2.0 * u * t * b.y + t * t * c.y,
    )
}
