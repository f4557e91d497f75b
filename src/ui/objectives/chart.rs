//! A KPI's values over time against its baseline and target: SVG, so it prints and scales,
//! with an accessible name that says where the KPI stands and a data table for the numbers.

use leptos::prelude::*;
use rapport_core::domain::team::Kpi;

use super::{fmt_date, fmt_num};

/// How far back the chart and its table go from the latest value: the year a metrics meeting
/// looks at. Five years of weekly values would draw (and put in the table) 260 points per KPI,
/// which nobody reads on this page and which made it slow at a leader's real scale.
pub const SHOWN_DAYS: i64 = 365;

/// R2.2: the trend of one KPI over its last year. The x axis is time (dates spaced by their
/// distance), the y axis spans the baseline, the target and every value shown.
#[component]
pub fn KpiChart(kpi: Kpi) -> impl IntoView {
    let mut values: Vec<_> = kpi.values.values().cloned().collect();
    values.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let older = match values.last() {
        Some(last) => {
            let from = last.date - chrono::Duration::days(SHOWN_DAYS);
            let n = values.iter().take_while(|v| v.date < from).count();
            values.drain(..n);
            n
        }
        None => 0,
    };
    let (w, h, pad) = (900.0_f64, 160.0_f64, 16.0_f64);
    let lo = values
        .iter()
        .map(|v| v.value)
        .chain([kpi.baseline, kpi.target])
        .fold(f64::INFINITY, f64::min);
    let hi = values
        .iter()
        .map(|v| v.value)
        .chain([kpi.baseline, kpi.target])
        .fold(f64::NEG_INFINITY, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let y = move |v: f64| h - pad - (v - lo) / span * (h - 2.0 * pad);
    let first = values.first().map(|v| v.date);
    let days = match (values.first(), values.last()) {
        (Some(a), Some(b)) => (b.date - a.date).num_days() as f64,
        _ => 0.0,
    };
    let x = move |d: chrono::NaiveDate| {
        let off = first.map(|f| (d - f).num_days() as f64).unwrap_or(0.0);
        // One value, or all on one day: drawn in the middle.
        if days <= 0.0 {
            w / 2.0
        } else {
            pad + off / days * (w - 2.0 * pad)
        }
    };
    let points: Vec<(f64, f64)> = values.iter().map(|v| (x(v.date), y(v.value))).collect();
    let line = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let unit = kpi.unit.clone();
    let summary = match (values.first(), values.last()) {
        (Some(_), Some(last)) => {
            format!(
                "{}: {} {unit} on {} (baseline {}, target {}; {} value{})",
                kpi.name,
                fmt_num(last.value),
                fmt_date(last.date),
                fmt_num(kpi.baseline),
                fmt_num(kpi.target),
                values.len(),
                if values.len() == 1 { "" } else { "s" },
            ) + &if older > 0 {
                format!(", the last 12 months; {older} earlier")
            } else {
                String::new()
            }
        }
        _ => format!(
            "{}: no value yet (baseline {}, target {} {unit})",
            kpi.name,
            fmt_num(kpi.baseline),
            fmt_num(kpi.target)
        ),
    };
    let (yb, yt) = (y(kpi.baseline), y(kpi.target));
    let rows: Vec<(String, String, String)> = values
        .iter()
        .rev()
        .map(|v| (fmt_date(v.date), fmt_num(v.value), v.note.clone()))
        .collect();
    let rows = StoredValue::new(rows);
    // The table is built when someone opens it, not with every chart.
    let open = RwSignal::new(false);
    let caption = format!("Values of {} ({})", kpi.name, kpi.unit);
    view! {
        <figure class="kpi-chart">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-label=summary.clone()>
                <title>{summary.clone()}</title>
                <line x1="0" y1=yb x2=w y2=yb class="baseline-line" />
                <line x1="0" y1=yt x2=w y2=yt class="target-line" />
                <text x="4" y=label_y(yt, h) class="chart-label">
                    {format!("target {}", fmt_num(kpi.target))}
                </text>
                <text x="4" y=label_y(yb, h) class="chart-label">
                    {format!("baseline {}", fmt_num(kpi.baseline))}
                </text>
                <polyline points=line class="kpi-line" />
                {points
                    .iter()
                    .map(|(cx, cy)| view! { <circle cx=*cx cy=*cy r="3" class="kpi-dot" /> })
                    .collect_view()}
            </svg>
            <details
                class="spark-data"
                on:toggle=move |ev| {
                    open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
                }
            >
                <summary>"Data"</summary>
                <table>
                    <caption>{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Date"</th>
                            <th scope="col">"Value"</th>
                            <th scope="col">"Note"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            open.get()
                                .then(|| {
                                    rows.get_value()
                                        .into_iter()
                                        .map(|(d, v, n)| {
                                            view! {
                                                <tr>
                                                    <td>{d}</td>
                                                    <td>{v}</td>
                                                    <td>{n}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

/// A line's label sits just above it, or just below when the line is at the top edge.
fn label_y(line_y: f64, height: f64) -> f64 {
    if line_y < 16.0 {
        (line_y + 13.0).min(height - 2.0)
    } else {
        line_y - 4.0
    }
}
