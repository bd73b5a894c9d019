//! The glyphs the view has drawn, rasterised once each into an egui texture: outlines from
//! skrifa (the font reader egui uses), coverage from zeno. A texture rather than a paint
//! callback, so every egui renderer (wgpu, glow, software) draws the text.

use std::collections::HashMap;

use egui::epaint::FontColorTransferFunction;
use egui::{Color32, ColorImage, TextureHandle, TextureId, TextureOptions};
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::raw::types::F2Dot14;
use skrifa::{FontRef, GlyphId, MetadataProvider};
use zeno::{Command, Mask, Vector};

use super::Face;

/// The atlas's width; its height doubles as glyphs fill it, up to [`MOST_HEIGHT`].
const WIDTH: usize = 1024;
const FIRST_HEIGHT: usize = 1024;
const MOST_HEIGHT: usize = 4096;
/// A glyph's origin is placed to a quarter of a pixel across: four renderings at most.
pub(crate) const SUBPIXEL_STEPS: f32 = 4.0;
/// Empty texels between glyphs, so sampling one never bleeds into its neighbour.
const GAP: usize = 1;

/// One rendering of a glyph: a face, a glyph, a size in pixels and a quarter-pixel shift.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct GlyphKey {
    pub face: u16,
    pub id: u32,
    pub size_bits: u32,
    pub shift: u8,
}

/// Where a rendering sits in the atlas, and where from the glyph's origin it is drawn
/// (pixels, y down).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placed {
    pub u: u16,
    pub v: u16,
    pub width: u16,
    pub height: u16,
    pub left: i16,
    pub top: i16,
}

#[derive(Default)]
pub struct Atlas {
    image: Option<ColorImage>,
    texture: Option<TextureHandle>,
    /// Renderings so far; `None` for a glyph with nothing to draw (a space).
    placed: HashMap<GlyphKey, Option<Placed>>,
    /// The shelf being filled: its top, its height so far, and the next free x.
    shelf: (usize, usize, usize),
    /// Rows changed since the texture was last sent.
    dirty: Option<(usize, usize)>,
    /// Counts the times the atlas was resized or emptied: meshes built before point
    /// into it wrongly.
    generation: u64,
    resized: bool,
    /// How coverage becomes alpha: egui's choice for the theme (bolder on a dark ground).
    transfer: Option<FontColorTransferFunction>,
}

impl Atlas {
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Draws new glyphs with `transfer`, starting over if the glyphs so far were drawn
    /// with another (the theme changed).
    pub(crate) fn use_transfer(&mut self, transfer: FontColorTransferFunction) {
        if self.transfer == Some(transfer) {
            return;
        }
        if self.transfer.is_some() {
            self.image = Some(ColorImage::filled(
                [WIDTH, FIRST_HEIGHT],
                Color32::TRANSPARENT,
            ));
            self.placed.clear();
            self.shelf = (0, 0, 0);
            self.generation += 1;
            self.resized = true;
        }
        self.transfer = Some(transfer);
    }

    /// The atlas's size in texels.
    pub(crate) fn size(&self) -> [usize; 2] {
        self.image
            .as_ref()
            .map_or([WIDTH, FIRST_HEIGHT], |i| i.size)
    }

    /// The rendering of `key`, rasterising it on first use.
    pub(crate) fn glyph(&mut self, key: GlyphKey, face: Option<&Face>) -> Option<Placed> {
        if let Some(placed) = self.placed.get(&key) {
            return *placed;
        }
        let size = f32::from_bits(key.size_bits);
        let shift = f32::from(key.shift) / SUBPIXEL_STEPS;
        let placed = face
            .and_then(|face| rasterise(face, key.id, size, shift))
            .and_then(|(coverage, placement)| self.put(&coverage, placement));
        self.placed.insert(key, placed);
        placed
    }

    /// Copies a coverage mask into free room, growing (or, at its largest, emptying) the
    /// atlas when there is none.
    fn put(&mut self, coverage: &[u8], placement: zeno::Placement) -> Option<Placed> {
        let (w, h) = (placement.width as usize, placement.height as usize);
        if w == 0 || h == 0 || w + GAP > WIDTH || h + GAP > MOST_HEIGHT {
            return None;
        }
        let transfer = self.transfer.unwrap_or(FontColorTransferFunction::Off);
        let image = self
            .image
            .get_or_insert_with(|| ColorImage::filled([WIDTH, FIRST_HEIGHT], Color32::TRANSPARENT));
        let (mut top, mut shelf_height, mut x) = self.shelf;
        if x + w + GAP > WIDTH {
            top += shelf_height + GAP;
            shelf_height = 0;
            x = 0;
        }
        while top + h + GAP > image.size[1] {
            if image.size[1] >= MOST_HEIGHT {
                // Full at its largest: start over; what is shown is drawn again.
                *image = ColorImage::filled([WIDTH, FIRST_HEIGHT], Color32::TRANSPARENT);
                self.placed.clear();
                (top, shelf_height, x) = (0, 0, 0);
            } else {
                let mut taller =
                    ColorImage::filled([WIDTH, image.size[1] * 2], Color32::TRANSPARENT);
                taller.pixels[..image.pixels.len()].copy_from_slice(&image.pixels);
                *image = taller;
            }
            self.generation += 1;
            self.resized = true;
        }
        for row in 0..h {
            let from = &coverage[row * w..(row + 1) * w];
            let start = (top + row) * WIDTH + x;
            for (texel, &coverage) in image.pixels[start..start + w].iter_mut().zip(from) {
                let alpha = transfer.alpha_from_coverage(f32::from(coverage) / 255.0);
                *texel = Color32::from_white_alpha((alpha * 255.0).round() as u8);
            }
        }
        self.dirty = Some(match self.dirty {
            Some((low, high)) => (low.min(top), high.max(top + h)),
            None => (top, top + h),
        });
        let placed = Placed {
            u: x as u16,
            v: top as u16,
            width: w as u16,
            height: h as u16,
            left: placement.left as i16,
            top: placement.top as i16,
        };
        self.shelf = (top, shelf_height.max(h), x + w + GAP);
        Some(placed)
    }

    /// The texture to draw glyphs from, made on first use.
    pub(crate) fn texture_id(&mut self, ctx: &egui::Context) -> TextureId {
        if let Some(texture) = &self.texture {
            return texture.id();
        }
        let image = self
            .image
            .get_or_insert_with(|| ColorImage::filled([WIDTH, FIRST_HEIGHT], Color32::TRANSPARENT))
            .clone();
        let texture = ctx.load_texture("annotary-glyphs", image, TextureOptions::LINEAR);
        let id = texture.id();
        self.texture = Some(texture);
        self.dirty = None;
        self.resized = false;
        id
    }

    /// Sends the glyphs rasterised this frame to the texture (the rows they changed, or
    /// the whole atlas when it was resized), and says the atlas's generation after.
    pub fn flush(&mut self) -> u64 {
        let (Some(texture), Some(image)) = (&mut self.texture, &self.image) else {
            return self.generation;
        };
        if self.resized {
            texture.set(image.clone(), TextureOptions::LINEAR);
        } else if let Some((low, high)) = self.dirty {
            let band = image.region_by_pixels([0, low], [WIDTH, high - low]);
            texture.set_partial([0, low], band, TextureOptions::LINEAR);
        }
        self.resized = false;
        self.dirty = None;
        self.generation
    }
}

/// A glyph's coverage at `size` pixels per em, its origin shifted right by `shift` pixels.
fn rasterise(face: &Face, id: u32, size: f32, shift: f32) -> Option<(Vec<u8>, zeno::Placement)> {
    let font = FontRef::from_index(face.data.data.as_ref(), face.data.index).ok()?;
    let outlines = font.outline_glyphs();
    let glyph = outlines.get(GlyphId::new(id))?;
    let coords: Vec<F2Dot14> = face.coords.iter().map(|&c| F2Dot14::from_bits(c)).collect();
    let settings = DrawSettings::unhinted(Size::new(size), LocationRef::new(&coords));
    let mut pen = Pen {
        commands: Vec::new(),
        shift,
    };
    glyph.draw(settings, &mut pen).ok()?;
    if pen.commands.is_empty() {
        return None;
    }
    Some(Mask::new(&pen.commands[..]).render())
}

/// Collects an outline as zeno path commands, y turned downwards.
struct Pen {
    commands: Vec<Command>,
    shift: f32,
}

impl Pen {
    fn point(&self, x: f32, y: f32) -> Vector {
        Vector::new(x + self.shift, -y)
    }
}

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.commands.push(Command::MoveTo(self.point(x, y)));
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.commands.push(Command::LineTo(self.point(x, y)));
    }

    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let command = Command::QuadTo(self.point(cx0, cy0), self.point(x, y));
        self.commands.push(command);
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let command =
            Command::CurveTo(self.point(cx0, cy0), self.point(cx1, cy1), self.point(x, y));
        self.commands.push(command);
    }

    fn close(&mut self) {
        self.commands.push(Command::Close);
    }
}
