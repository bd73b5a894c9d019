//! Which fonts the text engine draws with: egui's own (so the document reads in the same
//! face as the rest of the window), any font files given, the Arabic-script font Annotary
//! brings, and the system's fonts for every other script (found through fontconfig, by
//! script, as the system's own programs do).

use std::sync::Arc;

use parley::FontContext;
use parley::fontique::{Blob, Collection, CollectionOptions, SourceCache};

/// The fonts to lay text out with.
#[derive(Clone, Default)]
pub struct FontChoice {
    /// Ask the system's fonts for the scripts the others lack.
    pub system: bool,
    /// Font files (their bytes), asked after egui's Latin font and before the system's.
    pub files: Vec<Arc<Vec<u8>>>,
}

impl FontChoice {
    /// The window's choice: the system's fonts behind egui's own.
    pub fn system() -> Self {
        Self {
            system: true,
            files: Vec::new(),
        }
    }
}

/// egui's fonts in the order its proportional family asks them; the emoji faces come after
/// the files given, so a font given for a script is asked before them.
const EGUI_FIRST: &[&str] = &["Ubuntu-Light"];
const EGUI_LAST: &[&str] = &["NotoEmoji-Regular", "emoji-icon-font"];

/// Noto Sans Arabic, built in (244 KB): Persian, Pashto, Urdu and Arabic read on any
/// system (see assets/fonts/README.md).
const BUNDLED_ARABIC: &[u8] = include_bytes!("../../../assets/fonts/NotoSansArabic-Regular.ttf");

/// A font context holding `choice`'s fonts, and the families to ask first, in order.
pub(super) fn context(choice: &FontChoice) -> (FontContext, Vec<String>) {
    let mut collection = Collection::new(CollectionOptions {
        shared: false,
        system_fonts: choice.system,
    });
    let egui_fonts = egui::FontDefinitions::default().font_data;
    let mut families = Vec::new();
    let mut register = |collection: &mut Collection, bytes: Blob<u8>| {
        for (family, _) in collection.register_fonts(bytes, None) {
            if let Some(name) = collection.family_name(family)
                && !families.iter().any(|f| f == name)
            {
                families.push(name.to_owned());
            }
        }
    };
    for name in EGUI_FIRST {
        if let Some(font) = egui_fonts.get(*name) {
            register(&mut collection, Blob::new(font.font.clone()));
        }
    }
    for file in &choice.files {
        register(&mut collection, Blob::new(file.clone()));
    }
    register(&mut collection, Blob::new(Arc::new(BUNDLED_ARABIC)));
    for name in EGUI_LAST {
        if let Some(font) = egui_fonts.get(*name) {
            register(&mut collection, Blob::new(font.font.clone()));
        }
    }
    let context = FontContext {
        collection,
        source_cache: SourceCache::default(),
    };
    (context, families)
}
