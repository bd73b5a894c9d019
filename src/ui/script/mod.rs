//! The document view's text engine: every script laid out as its readers expect.
//!
//! parley does the work egui's own layout does not: the bidirectional algorithm (a
//! right-to-left paragraph runs from the right, numbers inside it left to right), shaping
//! with clusters mapped back to the characters they draw (ligatures, marks, conjuncts), line
//! breaking with dictionaries for scripts without spaces, and font fallback by script.
//! `laid` turns its layout into lines of clusters the view paints and hit-tests from,
//! `geometry` answers where a character is and which one is under a point, `atlas` draws
//! the glyphs into an egui texture (so any egui renderer shows them), `fonts` says which
//! fonts the engine has. One engine serves the whole window, kept in egui's memory.

mod atlas;
mod fonts;
mod geometry;
mod laid;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use egui::{Color32, Mesh, Rect, pos2, vec2};
use parley::{
    Alignment, AlignmentOptions, FontContext, FontData, FontFamily, LayoutContext, LineHeight,
    StyleProperty,
};

pub use atlas::Atlas;
pub use fonts::FontChoice;
pub use geometry::Band;
pub use laid::{Cluster, Laid, Line};
use laid::{MeshKey, Meshes};

/// Which way a paragraph runs: from its first strong character (UAX #9 rules P2 and P3),
/// or as the researcher set it for the document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Direction {
    #[default]
    Auto,
    LeftToRight,
    RightToLeft,
}

impl Direction {
    /// The direction `document`'s paragraphs run in: as set for it, else each its own.
    pub fn of(document: &crate::model::Document) -> Self {
        match document.direction {
            None => Self::Auto,
            Some(crate::model::TextDirection::LeftToRight) => Self::LeftToRight,
            Some(crate::model::TextDirection::RightToLeft) => Self::RightToLeft,
        }
    }
}

/// How a paragraph's text is set: its font size and the distance between baselines.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setting {
    pub size: f32,
    pub line_height: f32,
    pub direction: Direction,
}

/// A font face as a glyph run names it: the file's bytes, its index in a collection, and
/// where on the font's variation axes it is drawn.
pub(crate) struct Face {
    pub data: FontData,
    pub coords: Vec<i16>,
    /// It has glyph outlines to draw (a bitmap-only colour emoji font has none).
    pub outlines: bool,
}

/// The fonts, parley's reusable state, the faces glyph runs used, and the glyph atlas.
pub struct Shaper {
    fonts: FontContext,
    layouts: LayoutContext<()>,
    /// The families asked first, in order; parley falls back by script past them.
    families: Vec<String>,
    faces: Vec<Face>,
    face_ids: HashMap<(u64, u32, Vec<i16>), u16>,
    pub atlas: Atlas,
}

impl Shaper {
    pub fn new(choice: &FontChoice) -> Self {
        let (fonts, families) = fonts::context(choice);
        Self {
            fonts,
            layouts: LayoutContext::new(),
            families,
            faces: Vec::new(),
            face_ids: HashMap::new(),
            atlas: Atlas::default(),
        }
    }

    /// Lays `text` (one paragraph, no line breaks in it) out in lines no wider than
    /// `width` (unbounded when `None`), each line aligned to the paragraph's start side.
    pub fn lay_out(&mut self, text: &str, width: Option<f32>, setting: Setting) -> Laid {
        let families: Vec<parley::FontFamilyName<'_>> = self
            .families
            .iter()
            .map(|f| parley::FontFamilyName::Named(f.as_str().into()))
            .collect();
        let mut builder = self
            .layouts
            .ranged_builder(&mut self.fonts, text, 1.0, true);
        builder.push_default(StyleProperty::FontSize(setting.size));
        builder.push_default(StyleProperty::FontFamily(FontFamily::List(families.into())));
        builder.push_default(StyleProperty::LineHeight(LineHeight::Absolute(
            setting.line_height,
        )));
        builder.set_base_direction(match setting.direction {
            Direction::Auto => parley::BaseDirection::Auto,
            Direction::LeftToRight => parley::BaseDirection::Ltr,
            Direction::RightToLeft => parley::BaseDirection::Rtl,
        });
        let mut layout = builder.build(text);
        layout.break_all_lines(width);
        layout.align(Alignment::Start, AlignmentOptions::default());
        let mut face = |data: &FontData, coords: &[i16]| -> (u16, bool) {
            face_id(&mut self.faces, &mut self.face_ids, data, coords)
        };
        Laid::from_layout(&layout, text, &mut face)
    }

    /// The glyphs of `laid` as a mesh in `colour`, its top-left corner at `at` (on a
    /// whole pixel), rasterising the ones not yet in the atlas. A still frame gets the
    /// mesh it painted last; a scroll, a moved copy.
    pub fn mesh(
        &mut self,
        ctx: &egui::Context,
        laid: &Laid,
        colour: Color32,
        at: egui::Vec2,
    ) -> Arc<Mesh> {
        let pixels_per_point = ctx.pixels_per_point();
        let texture = self.atlas.texture_id(ctx);
        let mut cached = laid.mesh.lock().unwrap_or_else(|e| e.into_inner());
        let key = |atlas: &Atlas| MeshKey {
            atlas: atlas.generation(),
            pixels_per_point: pixels_per_point.to_bits(),
            colour,
        };
        if cached.as_ref().is_none_or(|m| m.key != key(&self.atlas)) {
            // Growing the atlas moves every glyph's texture coordinates: build again then.
            let mut built = None;
            for _ in 0..3 {
                let before = key(&self.atlas);
                let base = Arc::new(self.build_mesh(laid, texture, pixels_per_point, colour));
                if key(&self.atlas) == before {
                    built = Some((before, base));
                    break;
                }
            }
            let Some((key, base)) = built else {
                return Arc::new(Mesh::with_texture(texture));
            };
            *cached = Some(Meshes {
                key,
                base,
                placed: None,
            });
        }
        let Some(meshes) = cached.as_mut() else {
            return Arc::new(Mesh::with_texture(texture));
        };
        if let Some((placed_at, placed)) = &meshes.placed
            && *placed_at == at
        {
            return placed.clone();
        }
        let mut placed = (*meshes.base).clone();
        placed.translate(at);
        let placed = Arc::new(placed);
        meshes.placed = Some((at, placed.clone()));
        placed
    }

    fn build_mesh(
        &mut self,
        laid: &Laid,
        texture: egui::TextureId,
        pixels_per_point: f32,
        colour: Color32,
    ) -> Mesh {
        let mut mesh = Mesh::with_texture(texture);
        for glyph in &laid.glyphs {
            let x = glyph.x * pixels_per_point;
            let (mut whole, mut shift) = if glyph.subpixel {
                let whole = x.floor();
                (whole, ((x - whole) * atlas::SUBPIXEL_STEPS).round() as u8)
            } else {
                (x.round(), 0)
            };
            if f32::from(shift) >= atlas::SUBPIXEL_STEPS {
                whole += 1.0;
                shift = 0;
            }
            let key = atlas::GlyphKey {
                face: glyph.face,
                id: glyph.id,
                size_bits: (glyph.size * pixels_per_point).to_bits(),
                shift,
            };
            let face = self.faces.get(usize::from(glyph.face));
            let Some(placed) = self.atlas.glyph(key, face) else {
                continue;
            };
            let y = (glyph.y * pixels_per_point).round();
            let [width, height] = self.atlas.size().map(|s| s as f32);
            let min = pos2(
                (whole + f32::from(placed.left)) / pixels_per_point,
                (y + f32::from(placed.top)) / pixels_per_point,
            );
            let size = vec2(f32::from(placed.width), f32::from(placed.height));
            let rect = Rect::from_min_size(min, size / pixels_per_point);
            let uv = Rect::from_min_size(
                pos2(f32::from(placed.u) / width, f32::from(placed.v) / height),
                vec2(size.x / width, size.y / height),
            );
            mesh.add_rect_with_uv(rect, uv, colour);
        }
        mesh
    }

    /// The family name of face `id` (as its font file gives it), for the layout dump.
    pub fn face_name(&self, id: u16) -> String {
        use skrifa::MetadataProvider;
        let Some(face) = self.faces.get(usize::from(id)) else {
            return String::new();
        };
        skrifa::FontRef::from_index(face.data.data.as_ref(), face.data.index)
            .ok()
            .and_then(|font| {
                font.localized_strings(skrifa::string::StringId::FAMILY_NAME)
                    .english_or_first()
                    .map(|name| name.to_string())
            })
            .unwrap_or_default()
    }

    /// The families asked first, in order.
    pub fn families(&self) -> &[String] {
        &self.families
    }
}

/// The small number a glyph keeps for its face, given on first sight.
fn face_id(
    faces: &mut Vec<Face>,
    ids: &mut HashMap<(u64, u32, Vec<i16>), u16>,
    data: &FontData,
    coords: &[i16],
) -> (u16, bool) {
    let key = (data.data.id(), data.index, coords.to_vec());
    let id = *ids.entry(key).or_insert_with(|| {
        use skrifa::MetadataProvider;
        let outlines = skrifa::FontRef::from_index(data.data.as_ref(), data.index)
            .is_ok_and(|font| font.outline_glyphs().format().is_some());
        faces.push(Face {
            data: data.clone(),
            coords: coords.to_vec(),
            outlines,
        });
        u16::try_from(faces.len() - 1).unwrap_or(u16::MAX)
    });
    (id, faces.get(usize::from(id)).is_some_and(|f| f.outlines))
}

/// Where egui's memory keeps the window's engine.
fn memory_id() -> egui::Id {
    egui::Id::unique("annotary-script-shaper")
}

/// Gives the window an engine with these fonts (the window's start: the system's fonts;
/// tests: fonts committed under `tests/`). Laid-out text from an earlier engine is not
/// kept by it, so call this before the first frame.
pub fn install(ctx: &egui::Context, choice: &FontChoice) {
    let shaper = Arc::new(Mutex::new(Shaper::new(choice)));
    ctx.data_mut(|d| d.insert_temp(memory_id(), shaper));
}

/// The window's engine: the one installed, else one with egui's own fonts only.
pub fn shaper(ctx: &egui::Context) -> Arc<Mutex<Shaper>> {
    ctx.data_mut(|d| {
        d.get_temp_mut_or_insert_with(memory_id(), || {
            Arc::new(Mutex::new(Shaper::new(&FontChoice::default())))
        })
        .clone()
    })
}

/// Runs `f` with the window's engine (a poisoned lock is taken over: the engine holds
/// caches, nothing a panic elsewhere could leave half-written that matters).
pub fn with_shaper<R>(ctx: &egui::Context, f: impl FnOnce(&mut Shaper) -> R) -> R {
    let shaper = shaper(ctx);
    let mut guard = shaper.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut guard)
}
