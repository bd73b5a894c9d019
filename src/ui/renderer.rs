//! Which of eframe's renderers draws the window, and what it draws on.
//!
//! OpenGL (glow) comes first: on a machine without a usable GPU (a virtual desktop, Mesa's
//! software drivers) it painted a 1280x800 frame of this window in about a fifth of the
//! processor time wgpu took on Vulkan or on OpenGL (figures in the README), and on a GPU
//! both cost next to nothing. wgpu is the fallback for where OpenGL cannot start (Windows
//! without a graphics driver has only its software Direct3D). `ANNOTARY_RENDERER=wgpu`
//! or `=glow` asks for one.

/// The environment variable that picks a renderer.
pub const VARIABLE: &str = "ANNOTARY_RENDERER";

/// The renderers to try, in order.
pub fn order() -> Vec<eframe::Renderer> {
    order_for(std::env::var(VARIABLE).ok().as_deref())
}

fn order_for(asked: Option<&str>) -> Vec<eframe::Renderer> {
    use eframe::Renderer::{Glow, Wgpu};
    match asked.map(str::to_ascii_lowercase).as_deref() {
        Some("wgpu") => vec![Wgpu],
        Some("glow" | "opengl" | "gl") => vec![Glow],
        _ => vec![Glow, Wgpu],
    }
}

/// The renderer and, for wgpu, the device it runs on, as a line for logs. (OpenGL's own
/// name for its device is only read through an unsafe call, which this crate forbids.)
pub fn describe(cc: &eframe::CreationContext<'_>) -> String {
    if cc.gl.is_some() {
        return "glow (OpenGL)".to_string();
    }
    if let Some(state) = &cc.wgpu_render_state {
        let info = state.adapter.get_info();
        return format!(
            "wgpu on {} ({:?}, {:?})",
            info.name, info.backend, info.device_type
        );
    }
    "no renderer".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::Renderer::{Glow, Wgpu};

    #[test]
    fn opengl_comes_first_and_either_can_be_asked_for() {
        assert_eq!(order_for(None), vec![Glow, Wgpu]);
        assert_eq!(order_for(Some("")), vec![Glow, Wgpu]);
        assert_eq!(order_for(Some("WGPU")), vec![Wgpu]);
        assert_eq!(order_for(Some("glow")), vec![Glow]);
    }
}
