//! The figures, their targets, the table and the JSON.

use std::fmt::Write as _;
use std::time::Duration;

use serde_json::{Value, json};

/// A figure's value, or why there is none. Never a made-up number.
#[derive(Debug, Clone)]
pub enum Measured {
    Value(f64),
    Na {
        reason: String,
        /// Impossible here whatever the code does (a tool missing, no /proc...), as
        /// opposed to something that went wrong while measuring.
        environmental: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Figure {
    /// A stable name for the JSON (and the smoke test).
    pub key: &'static str,
    pub name: String,
    pub unit: &'static str,
    pub measured: Measured,
    /// How the value reads in the table ("12.3 ms (median of 5)").
    pub shown: String,
    /// The figure passes when `measured <= target`; None: no target.
    pub target: Option<f64>,
    pub target_text: String,
    /// Whether 0 is a sensible value (idle CPU can be 0 ticks).
    pub may_be_zero: bool,
    /// Whether it may go unmeasured because what it samples did not happen at this
    /// size (keys while a list streams in, when a small list is in at once).
    pub optional: bool,
    pub details: Value,
    pub note: Option<String>,
}

impl Figure {
    pub fn new(key: &'static str, name: impl Into<String>, unit: &'static str) -> Figure {
        Figure {
            key,
            name: name.into(),
            unit,
            measured: Measured::Na {
                reason: "not measured".into(),
                environmental: false,
            },
            shown: String::new(),
            target: None,
            target_text: "-".into(),
            may_be_zero: false,
            optional: false,
            details: Value::Null,
            note: None,
        }
    }

    pub fn target(mut self, value: f64, text: impl Into<String>) -> Figure {
        self.target = Some(value);
        self.target_text = text.into();
        self
    }

    pub fn optional(mut self) -> Figure {
        self.optional = true;
        self
    }

    pub fn set(&mut self, value: f64, shown: impl Into<String>) {
        self.measured = Measured::Value(value);
        self.shown = shown.into();
    }

    /// The median of `samples` in milliseconds, shown with how many it is of;
    /// NaN when there are none.
    pub fn set_median(&mut self, samples: &[f64]) -> f64 {
        let value = median(samples).unwrap_or(f64::NAN);
        self.set(
            value,
            format!("{} (median of {})", fmt_ms(value), samples.len()),
        );
        value
    }

    pub fn na(&mut self, reason: impl Into<String>) {
        self.measured = Measured::Na {
            reason: reason.into(),
            environmental: false,
        };
    }

    pub fn na_environmental(&mut self, reason: impl Into<String>) {
        self.measured = Measured::Na {
            reason: reason.into(),
            environmental: true,
        };
    }

    pub fn value(&self) -> Option<f64> {
        match self.measured {
            Measured::Value(v) => Some(v),
            Measured::Na { .. } => None,
        }
    }

    /// Some(true) met, Some(false) missed, None: no value or no target.
    pub fn pass(&self) -> Option<bool> {
        Some(self.value()? <= self.target?)
    }

    fn measured_text(&self) -> String {
        match &self.measured {
            Measured::Value(_) => self.shown.clone(),
            Measured::Na { reason, .. } => {
                let first = reason.lines().next().unwrap_or_default();
                format!("n/a: {first}")
            }
        }
    }

    fn result_text(&self) -> &'static str {
        match (self.pass(), &self.measured) {
            (Some(true), _) => "pass",
            (Some(false), _) => "FAIL",
            (None, Measured::Na { .. }) => "n/a",
            (None, _) => "-",
        }
    }

    pub fn to_json(&self) -> Value {
        let (value, na) = match &self.measured {
            Measured::Value(v) => (json!(v), Value::Null),
            Measured::Na {
                reason,
                environmental,
            } => (
                Value::Null,
                json!({"reason": reason, "environmental": environmental}),
            ),
        };
        json!({
            "key": self.key,
            "name": self.name,
            "unit": self.unit,
            "value": value,
            "shown": if self.value().is_some() { json!(self.shown) } else { Value::Null },
            "target": self.target,
            "target_text": self.target_text,
            "pass": self.pass(),
            "na": na,
            "optional": self.optional,
            "note": self.note,
            "details": self.details,
        })
    }
}

pub struct Report {
    pub mode: &'static str,
    pub binary: String,
    pub users: usize,
    pub orgs: usize,
    pub figures: Vec<Figure>,
    pub notes: Vec<String>,
    pub elapsed: Duration,
}

impl Report {
    /// The table: figure | measured | target | pass/fail, then numbered notes.
    pub fn table(&self) -> String {
        let header = ["figure", "measured", "target", "result"];
        let rows: Vec<[String; 4]> = self
            .figures
            .iter()
            .map(|f| {
                [
                    f.name.clone(),
                    f.measured_text(),
                    f.target_text.clone(),
                    f.result_text().to_owned(),
                ]
            })
            .collect();
        let width = |i: usize| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        };
        let widths = [width(0), width(1).min(72), width(2), width(3)];
        let mut out = String::new();
        let line = |out: &mut String, cells: [&str; 4]| {
            let mut text = String::new();
            for (i, cell) in cells.iter().enumerate() {
                let pad = widths[i].saturating_sub(cell.chars().count());
                let _ = write!(text, "{cell}{}", " ".repeat(pad));
                if i < 3 {
                    text.push_str(" | ");
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        let _ = writeln!(
            out,
            "orgdeck perf ({} mode, {} users / {} orgs, {})",
            self.mode, self.users, self.orgs, self.binary
        );
        line(&mut out, header);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&mut out, [&rule[0], &rule[1], &rule[2], &rule[3]]);
        for row in &rows {
            line(&mut out, [&row[0], &row[1], &row[2], &row[3]]);
        }
        let mut notes: Vec<String> = Vec::new();
        for f in &self.figures {
            if let Some(note) = &f.note {
                notes.push(format!("{}: {note}", f.name));
            }
            if let Measured::Na { reason, .. } = &f.measured
                && reason.lines().count() > 1
            {
                notes.push(format!("{} (n/a): {reason}", f.name));
            }
        }
        notes.extend(self.notes.iter().cloned());
        if !notes.is_empty() {
            out.push_str("\nnotes:\n");
            for note in notes {
                let _ = writeln!(out, "- {note}");
            }
        }
        let _ = writeln!(out, "\nharness time {:.1} s", self.elapsed.as_secs_f64());
        out
    }

    pub fn to_json(&self) -> Value {
        json!({
            "tool": "orgdeck perf",
            "mode": self.mode,
            "binary": self.binary,
            "users": self.users,
            "orgs": self.orgs,
            "elapsed_s": self.elapsed.as_secs_f64(),
            "figures": self.figures.iter().map(Figure::to_json).collect::<Vec<_>>(),
            "notes": self.notes,
        })
    }
}

// ---- numbers -----------------------------------------------------------------------

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The q-quantile (0..=1) by the nearest-rank method; None for no samples.
pub fn quantile(samples: &[f64], q: f64) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (q * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

pub fn median(samples: &[f64]) -> Option<f64> {
    quantile(samples, 0.5)
}

/// p50/p99/max of latency samples in ms, for the JSON.
pub fn latency_json(samples: &[f64]) -> Value {
    json!({
        "n": samples.len(),
        "p50_ms": quantile(samples, 0.5),
        "p90_ms": quantile(samples, 0.9),
        "p99_ms": quantile(samples, 0.99),
        "max_ms": quantile(samples, 1.0),
        "min_ms": quantile(samples, 0.0),
    })
}

pub fn fmt_ms(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0} ms")
    } else if value >= 10.0 {
        format!("{value:.1} ms")
    } else {
        format!("{value:.2} ms")
    }
}
