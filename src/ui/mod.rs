//! Drawing only: reads the state, never changes it.

mod approvals;
mod cells;
mod chrome;
mod detail;
mod form;
mod form_text;
mod journal;
pub mod line;
mod lists;
pub mod osc52;
mod overlays;
pub mod shown;
mod sorted;
pub mod terminal;
pub mod theme;
mod titles;
mod widths;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::App;
use crate::app::screens::Screen;
use theme::Theme;

/// Wide enough to show the parent list beside the child.
pub const SIDE_BY_SIDE_WIDTH: u16 = 120;

pub fn draw(frame: &mut Frame, app: &App) {
    let theme = Theme::new(app.surroundings.no_color);
    let area = frame.area();
    let [header, banner, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(if chrome::banner_text(app).is_some() {
            1
        } else {
            0
        }),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::header(frame, header, app, &theme);
    chrome::banner(frame, banner, app, &theme);
    draw_body(frame, body, app, &theme);
    chrome::status(frame, status, app, &theme);
    chrome::footer(frame, footer, app, &theme);
    overlays::draw(frame, area, app, &theme);
    shown::buffer(frame.buffer_mut());
}

fn draw_body(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let depth = app.stack.len();
    let side_by_side = area.width >= SIDE_BY_SIDE_WIDTH
        && depth >= 2
        && !matches!(app.stack[depth - 2].screen, Screen::Detail { .. })
        // A log is read across the whole width, whatever it was opened from.
        && !matches!(app.level().screen, Screen::Messages | Screen::Requests);
    if side_by_side {
        let [left, divider, right] = Layout::horizontal([
            Constraint::Percentage(40),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(area);
        lists::level(frame, left, app, &app.stack[depth - 2], false, theme);
        draw_divider(frame, divider, theme);
        lists::level(frame, right, app, app.level(), true, theme);
    } else {
        lists::level(frame, area, app, app.level(), true, theme);
    }
}

/// The line between the parent pane and its child, joining the titles' rule.
fn draw_divider(frame: &mut Frame, area: Rect, theme: &Theme) {
    let lines: Vec<ratatui::text::Line> = (0..area.height)
        .map(|row| ratatui::text::Line::styled(if row == 0 { "┬" } else { "│" }, theme.dim()))
        .collect();
    frame.render_widget(ratatui::widgets::Paragraph::new(lines), area);
}
