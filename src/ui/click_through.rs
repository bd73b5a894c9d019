//! A click beside a dialog that closes it (the command palette, the path field) acts
//! where it landed, as if the dialog had not been open: the document view takes it on
//! the next frame, so the caret or the selected annotation is where the researcher
//! clicked, never left at the top of the document for the next keys to act on.

use egui::{Context, Id, Pos2, Rect, Response};

fn key() -> Id {
    Id::unique("annotary_click_through")
}

/// Passes on a click on `backdrop` (the dimmed window around a dialog).
pub fn pass_on(ctx: &Context, backdrop: &Response) {
    if backdrop.clicked()
        && let Some(pos) = backdrop.interact_pointer_pos()
    {
        let pass = ctx.cumulative_pass_nr();
        ctx.data_mut(|d| d.insert_temp(key(), (pos, pass)));
        ctx.request_repaint();
    }
}

/// The click passed on, when it landed in `within` (what a view shows of itself) and
/// is fresh: one that no view took in the frame after it is dropped, so that it cannot
/// act later on something drawn where it once landed.
pub fn take(ctx: &Context, within: Rect) -> Option<Pos2> {
    let (pos, pass) = ctx.data(|d| d.get_temp::<(Pos2, u64)>(key()))?;
    let fresh = ctx.cumulative_pass_nr() <= pass + 2;
    if !fresh || within.contains(pos) {
        ctx.data_mut(|d| d.remove_temp::<(Pos2, u64)>(key()));
    }
    (fresh && within.contains(pos)).then_some(pos)
}
