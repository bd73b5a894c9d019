//! What lets the window rest: it draws a frame when something changed and then stops.
//! Without a GPU every frame is painted by the processor (tens of milliseconds at
//! 1280x800), so the frames egui would spend on motion are not spent: windows, menus and
//! scroll bars appear at once instead of fading in, a scroll to an annotation jumps
//! instead of gliding (or springing back from past the end), and a mouse wheel's notch
//! moves the page at once instead of over the next six to ten frames.

use egui::{Color32, Context, Event, MouseWheelUnit, RawInput, Shadow, Theme, TouchPhase};

/// What the window keeps to rest, frame after frame.
pub struct Rest {
    caret: Caret,
    page: Color32,
}

impl Default for Rest {
    fn default() -> Self {
        Self {
            caret: Caret::default(),
            // egui's dark panel colour, until the first frame reads the theme's.
            page: Color32::from_gray(27),
        }
    }
}

impl Rest {
    /// Called at the start of each frame, before anything is drawn.
    pub fn begin_frame(&mut self, ctx: &Context) {
        calm(ctx);
        self.caret.follow(ctx);
        self.page = page_colour(ctx);
    }

    /// What the window is cleared to before the panels are painted over it.
    pub fn clear_colour(&self) -> [f32; 4] {
        self.page.to_normalized_gamma_f32()
    }
}

/// How long a text field's caret blinks after the last key or click: then it stays lit and
/// asks for no more frames (GNOME's editors stop after ten seconds; a few are enough).
pub const BLINK_FOR: f64 = 5.0;

/// No animations: each would ask for a frame after frame until it ends. No shadows under
/// windows and menus either: a shadow is drawn as a blurred rectangle as large as the window
/// it lies under, which a processor paints pixel by pixel on every frame the window shows
/// (a third of the frame's cost with the shortcuts open); a line round them marks them.
/// Checked each frame (a cheap look at the style), so that a style set anew is calmed too.
fn calm(ctx: &Context) {
    let style = ctx.global_style();
    let calm = style.animation_time == 0.0
        && style.scroll_animation.duration.max == 0.0
        && style.visuals.window_shadow == Shadow::NONE
        && style.visuals.popup_shadow == Shadow::NONE
        && !style.spacing.scroll.kinetic.rubber_band
        && style.spacing.scroll.kinetic.decay_time == 0.0
        && style.visuals.panel_fill == Color32::TRANSPARENT;
    if calm {
        return;
    }
    // The panels' own colour becomes the window's: cleared to it once (which costs next
    // to nothing), the panels need not paint their backgrounds over it, a whole window's
    // worth of pixels fewer to shade on every frame.
    for theme in [Theme::Dark, Theme::Light] {
        let fill = ctx.style_of(theme).visuals.panel_fill;
        if fill != Color32::TRANSPARENT {
            ctx.data_mut(|d| d.insert_temp(page_id(theme), fill));
        }
    }
    ctx.all_styles_mut(|style| {
        style.visuals.panel_fill = Color32::TRANSPARENT;
        style.animation_time = 0.0;
        style.scroll_animation = egui::style::ScrollAnimation::none();
        style.visuals.window_shadow = Shadow::NONE;
        style.visuals.popup_shadow = Shadow::NONE;
        // A page that stops where it is put: no springing back from past the end (a jump
        // to the end overshoots while the paragraphs below are measured), no coasting.
        style.spacing.scroll.kinetic.rubber_band = false;
        style.spacing.scroll.kinetic.decay_time = 0.0;
    });
}

fn page_id(theme: Theme) -> egui::Id {
    egui::Id::unique(("annotary_page_colour", theme))
}

/// The colour behind the panels, which the window is cleared to (egui's panel colour for
/// the theme shown).
pub fn page_colour(ctx: &Context) -> Color32 {
    let theme = ctx.theme();
    ctx.data(|d| d.get_temp(page_id(theme)))
        .unwrap_or_else(|| ctx.style_of(theme).visuals.panel_fill)
}

/// Whether text fields' carets blink: for `BLINK_FOR` seconds after any input.
#[derive(Default)]
struct Caret {
    last_input: f64,
    resting: bool,
}

impl Caret {
    /// Called once a frame, before anything is drawn.
    fn follow(&mut self, ctx: &Context) {
        let (now, input) = ctx.input(|i| (i.time, !i.raw.events.is_empty()));
        if input {
            self.last_input = now;
        }
        let resting = now - self.last_input >= BLINK_FOR;
        if resting != self.resting {
            self.resting = resting;
            ctx.all_styles_mut(|style| style.visuals.text_cursor.blink = !resting);
        }
    }
}

/// Key releases held back until the next input. egui paints every frame that has input
/// twice more to let it settle; a release on its own (a key's release comes apart from
/// its press) changes nothing anyone reads, so it waits for the next press, click or
/// move, and is handed over before it: egui still sees every release, in order.
#[derive(Default)]
pub struct HeldReleases(Vec<Event>);

impl HeldReleases {
    pub fn pass(&mut self, input: &mut RawInput) {
        let only_releases = !input.events.is_empty()
            && input
                .events
                .iter()
                .all(|e| matches!(e, Event::Key { pressed: false, .. }));
        if only_releases {
            self.0.append(&mut input.events);
        } else if !input.events.is_empty() && !self.0.is_empty() {
            let later = std::mem::take(&mut input.events);
            input.events = std::mem::take(&mut self.0);
            input.events.extend(later);
        }
    }
}

/// Makes each wheel notch (a line or page step) scroll at once. egui spreads such a step
/// over the frames that follow; a step that comes as part of a touch (between a start and
/// an end phase) it applies whole, so each notch is announced as the start of one. A
/// trackpad's own start and end phases are left as they come.
pub fn wheel_at_once(input: &mut RawInput) {
    let notches = input.events.iter().any(is_notch);
    if !notches {
        return;
    }
    let events = std::mem::take(&mut input.events);
    for event in events {
        if is_notch(&event)
            && let Event::MouseWheel {
                modifiers, source, ..
            } = &event
        {
            input.events.push(Event::MouseWheel {
                unit: MouseWheelUnit::Point,
                delta: egui::Vec2::ZERO,
                phase: TouchPhase::Start,
                modifiers: *modifiers,
                source: *source,
            });
        }
        input.events.push(event);
    }
}

fn is_notch(event: &Event) -> bool {
    matches!(
        event,
        Event::MouseWheel {
            unit: MouseWheelUnit::Line | MouseWheelUnit::Page,
            phase: TouchPhase::Move,
            ..
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Modifiers, MouseWheelSource, vec2};

    fn wheel(unit: MouseWheelUnit, phase: TouchPhase) -> Event {
        Event::MouseWheel {
            unit,
            delta: vec2(0.0, -1.0),
            phase,
            modifiers: Modifiers::NONE,
            source: MouseWheelSource::Wheel,
        }
    }

    fn phases(input: &RawInput) -> Vec<TouchPhase> {
        input
            .events
            .iter()
            .filter_map(|e| match e {
                Event::MouseWheel { phase, .. } => Some(*phase),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn each_notch_is_announced_as_a_touch_of_its_own() {
        let mut input = RawInput {
            events: vec![
                Event::PointerMoved(egui::pos2(1.0, 1.0)),
                wheel(MouseWheelUnit::Line, TouchPhase::Move),
                wheel(MouseWheelUnit::Line, TouchPhase::Move),
            ],
            ..Default::default()
        };
        wheel_at_once(&mut input);
        use TouchPhase::{Move, Start};
        assert_eq!(phases(&input), vec![Start, Move, Start, Move]);
        assert!(matches!(input.events[0], Event::PointerMoved(_)));
    }

    fn key(key: egui::Key, pressed: bool) -> Event {
        Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: Modifiers::NONE,
        }
    }

    #[test]
    fn a_lone_release_waits_for_the_next_input_and_goes_before_it() {
        let mut held = HeldReleases::default();
        let mut alone = RawInput {
            events: vec![key(egui::Key::A, false)],
            ..Default::default()
        };
        held.pass(&mut alone);
        assert!(alone.events.is_empty(), "held back");
        let mut nothing = RawInput::default();
        held.pass(&mut nothing);
        assert!(
            nothing.events.is_empty(),
            "a frame without input gets nothing"
        );
        let mut next = RawInput {
            events: vec![key(egui::Key::A, true)],
            ..Default::default()
        };
        held.pass(&mut next);
        assert_eq!(
            next.events,
            vec![key(egui::Key::A, false), key(egui::Key::A, true)],
            "the release first, then the press"
        );
        // A release that comes with other input is not held.
        let mut both = RawInput {
            events: vec![
                key(egui::Key::A, false),
                Event::PointerMoved(egui::pos2(1.0, 1.0)),
            ],
            ..Default::default()
        };
        let before = both.events.clone();
        held.pass(&mut both);
        assert_eq!(both.events, before);
    }

    #[test]
    fn a_trackpads_own_scrolling_is_left_as_it_comes() {
        let mut input = RawInput {
            events: vec![
                wheel(MouseWheelUnit::Point, TouchPhase::Start),
                wheel(MouseWheelUnit::Point, TouchPhase::Move),
                wheel(MouseWheelUnit::Point, TouchPhase::End),
            ],
            ..Default::default()
        };
        let before = input.events.clone();
        wheel_at_once(&mut input);
        assert_eq!(input.events, before);
    }
}
