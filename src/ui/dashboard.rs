//! The dashboard (R6.1): what needs attention today, the team's practices with their trends
//! over twelve weeks, one row of small multiples per person, and, for someone who also has a
//! leader, their own view. Every figure comes from `rapport_core::dashboard`; every number
//! links to the records behind it.

use leptos::prelude::*;
use rapport_core::dashboard::{
    Attention, MyView, OwnedKpi, PersonFigures, ReviewFigures, SeriesFigures, TeamDashboard, Trend,
    WEEKS,
};
use rapport_core::domain::one_on_one::Side;

use crate::state::{dashboard, AppState};
use crate::ui::objectives::fmt_num;
use crate::ui::route::Route;
use crate::ui::widgets::Sparkline;

#[component]
pub fn Dashboard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dashboard::Team {
        figures: team,
        settled,
    } = dashboard::team(state);
    let mine = dashboard::mine(state);
    let has_team =
        Memo::new(move |_| team.with(|t| t.as_ref().is_some_and(|t| !t.people.is_empty())));
    // Set once every person's documents are read (figures complete): what the benchmark and
    // the end-to-end tests wait for.
    let complete = move || {
        (settled.get() && team.with(|t| t.as_ref().is_none_or(|t| t.loading == 0)))
            .then_some("true")
    };
    view! {
        <section class="page dashboard" data-complete=complete>
            <div class="page-head">
                <h1>"Dashboard"</h1>
                <p class="muted">
                    "The five practices at a glance: what needs you today, and how each has gone over the last twelve weeks."
                </p>
            </div>
            <Show when=move || !settled.get()>
                <p class="muted" role="status">
                    "Reading…"
                </p>
            </Show>
            {move || {
                team.get().filter(|t| !t.people.is_empty()).map(|t| view! { <TeamView dash=t /> })
            }}
            {move || mine.get().map(|m| view! { <MyCard view=m /> })}
            <Show when=move || { settled.get() && !has_team.get() && mine.with(Option::is_none) }>
                <div class="card">
                    <p class="empty">
                        "Nothing to show yet. Add the people you lead on the "
                        <a href="#/team">"Team"</a> " page and log your first check-ins on "
                        <a href="#/today">"Today"</a>
                        "; if you have a leader, import the 1:1 series they send you on the "
                        <a href="#/sharing">"Sharing"</a> " page."
                    </p>
                </div>
            </Show>
        </section>
    }
}

/// Labels of the trend weeks ("27 Nov"), oldest first.
fn ticks(dash: &TeamDashboard) -> Vec<String> {
    dash.week_ends
        .iter()
        .map(|d| d.format("%-d %b").to_string())
        .collect()
}

#[component]
fn TeamView(dash: TeamDashboard) -> impl IntoView {
    let ticks = ticks(&dash);
    let percent = |t: &Trend| {
        t.last()
            .map(|v| format!("{:.0} %", v * 100.0))
            .unwrap_or_else(|| "–".into())
    };
    let count = |t: &Trend| {
        t.last()
            .map(|v| format!("{v:.0}"))
            .unwrap_or_else(|| "–".into())
    };
    let trend = |label: &'static str,
                 value: String,
                 hint: String,
                 t: &Trend,
                 pct: bool,
                 href: &'static str| {
        let ticks = ticks.clone();
        view! {
            <a class="trend-card" href=href>
                <span class="stat-label">{label}</span>
                <span class="stat-value">{value}</span>
                <span class="stat-hint">{hint}</span>
                <Sparkline label=label points=t.points.clone() ticks=ticks percent=pct />
            </a>
        }
    };
    let people = dash.people.len();
    let reading = dash.loading;
    // The first screen of rows is drawn with the page; the rest follow a batch per frame, so
    // fifty people's small multiples never hold the page in one long task (issue 14: the
    // dashboard opens within 300 ms at 50 people).
    let batches: Vec<Vec<PersonFigures>> = dash
        .people
        .chunks(ROWS_PER_BATCH)
        .map(|c| c.to_vec())
        .collect();
    let drawn = RwSignal::new(1usize);
    draw_in_turn(drawn, batches.len());
    let with_series = dash.people.iter().filter(|p| p.series.is_some()).count();
    let with_plan = dash.people.iter().filter(|p| p.plan.is_some()).count();
    view! {
        {(reading > 0)
            .then(|| {
                view! {
                    <p class="muted reading" role="status">
                        {format!(
                            "Reading the documents of {reading} {}… the figures below are partial until then.",
                            if reading == 1 { "person" } else { "people" },
                        )}
                    </p>
                }
            })}
        <div class="card attention-card" role="region" aria-label="Needs attention today">
            <h2>"Needs attention today"</h2>
            {if dash.attention.is_empty() {
                view! { <p class="empty">"Nothing needs attention today."</p> }.into_any()
            } else {
                view! {
                    <ul class="attention" aria-label="Needs attention today">
                        {dash
                            .attention
                            .iter()
                            .map(|a| {
                                view! {
                                    <li class=attention_class(a)>
                                        <a href=attention_href(a)>{a.message()}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </div>
        <div class="trends" role="region" aria-label="Team trends">
            {trend(
                "Connection coverage",
                percent(&dash.connection),
                format!(
                    "this week · streak {} day{}",
                    dash.streak,
                    if dash.streak == 1 { "" } else { "s" },
                ),
                &dash.connection,
                true,
                "#/today",
            )}
            {trend(
                "1:1 adherence",
                percent(&dash.adherence),
                format!("{with_series} of {people} with a series · held in the last 2 weeks"),
                &dash.adherence,
                true,
                "#/one-on-ones",
            )}
            {trend(
                "My open actions",
                count(&dash.my_open_actions),
                "agreed in 1:1s, mine".into(),
                &dash.my_open_actions,
                false,
                "#/one-on-ones",
            )}
            {trend(
                "Their open actions",
                count(&dash.their_open_actions),
                "agreed in 1:1s, theirs".into(),
                &dash.their_open_actions,
                false,
                "#/one-on-ones",
            )}
            {trend(
                "Overdue actions",
                count(&dash.overdue_actions),
                "past their due date".into(),
                &dash.overdue_actions,
                false,
                "#/one-on-ones",
            )}
            {trend(
                "Fresh development plans",
                percent(&dash.fresh_plans),
                format!("{with_plan} of {people} with a plan · active in 90 days"),
                &dash.fresh_plans,
                true,
                "#/growth",
            )}
            {trend(
                "Metrics meetings held",
                percent(&dash.meetings_held),
                "of the scheduled meetings each week".into(),
                &dash.meetings_held,
                true,
                "#/objectives",
            )}
        </div>
        <div class="card">
            <h2>"People"</h2>
            <table class="people-figures">
                <caption class="sr-only">
                    {format!("Figures per person, trends over {WEEKS} weeks")}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Person"</th>
                        <th scope="col">"Connection"</th>
                        <th scope="col">"1:1 adherence"</th>
                        <th scope="col">"Next 1:1"</th>
                        <th scope="col">"Actions"</th>
                        <th scope="col">"Development plan"</th>
                        <th scope="col">"Next review"</th>
                    </tr>
                </thead>
                <tbody>
                    {batches
                        .into_iter()
                        .enumerate()
                        .map(|(i, rows)| {
                            let ticks = ticks.clone();
                            move || {
                                (drawn.get() > i)
                                    .then(|| {
                                        rows.iter()
                                            .map(|p| {
                                                view! { <PersonRow p=p.clone() ticks=ticks.clone() /> }
                                            })
                                            .collect_view()
                                    })
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// People rows drawn per frame: about what a 1280 × 800 screen shows below the team trends.
const ROWS_PER_BATCH: usize = 12;

/// Raises `drawn` by one batch per frame until `batches` are drawn.
fn draw_in_turn(drawn: RwSignal<usize>, batches: usize) {
    if drawn.get_untracked() >= batches {
        return;
    }
    request_animation_frame(move || {
        // After the frame is painted, not before it.
        set_timeout(
            move || {
                if drawn.try_update(|n| *n += 1).is_some() {
                    draw_in_turn(drawn, batches);
                }
            },
            std::time::Duration::ZERO,
        );
    });
}

fn attention_class(a: &Attention) -> &'static str {
    match a {
        Attention::NotConnected { .. } | Attention::OverdueAction { .. } => "urgent",
        _ => "due",
    }
}

/// Where to act on an attention item.
fn attention_href(a: &Attention) -> String {
    match a {
        Attention::NotConnected { .. } => Route::Today.href(),
        Attention::OverdueAction { series_id, .. }
        | Attention::OneOnOneToRecord { series_id, .. }
        | Attention::CheckMissing { series_id, .. } => Route::Series(series_id.clone()).href(),
        Attention::OneOnOneDue { series_id, .. } => match series_id {
            Some(id) => Route::Series(id.clone()).href(),
            None => Route::OneOnOnes.href(),
        },
        Attention::InDepthOverdue { plan_id, .. } => Route::Plan(plan_id.clone()).href(),
        Attention::ReviewToPrepare { plan_id, .. } => Route::Review(plan_id.clone()).href(),
        Attention::MeetingToRecord { team_id, .. } | Attention::StaleKpis { team_id, .. } => {
            Route::TeamObjectives(team_id.clone()).href()
        }
    }
}

fn periods_label(f: &SeriesFigures) -> String {
    f.periods
        .iter()
        .map(|p| match p {
            Some(true) => '●',
            Some(false) => '○',
            None => '·',
        })
        .collect()
}

#[component]
fn PersonRow(p: PersonFigures, ticks: Vec<String>) -> impl IntoView {
    let name = p.name.clone();
    let connection = if p.days_without_contact == 0 {
        "connected".to_string()
    } else {
        format!(
            "{} working day{} without",
            p.days_without_contact,
            if p.days_without_contact == 1 { "" } else { "s" }
        )
    };
    let series = p.series.clone();
    let plan = p.plan.clone();
    let review = p.review.clone();
    let loading = p.loading;
    view! {
        <tr class:flagged=p.flagged aria-busy=loading.then_some("true")>
            <th scope="row">
                <span class="name">{p.name.clone()}</span>
                <span class="role">{p.role_title.clone()}</span>
            </th>
            <td data-label="Connection">
                <a href=Route::Today.href() class:warn=p.flagged>
                    {connection}
                </a>
                <Sparkline
                    label=format!("Connection with {name}")
                    points=p.connection.points.clone()
                    ticks=ticks.clone()
                    percent=true
                />
            </td>
            {match series {
                Some(f) => {
                    let href = Route::Series(f.doc_id.clone()).href();
                    let next = f
                        .next_meeting
                        .map(|n| n.format("%a %-d %b %H:%M").to_string())
                        .unwrap_or_else(|| {
                            if f.due {
                                "due — none planned".into()
                            } else {
                                "none planned".into()
                            }
                        });
                    let mine = f.actions.of(Side::Leader);
                    let theirs = f.actions.of(Side::Employee);
                    let overdue = mine.overdue + theirs.overdue;
                    view! {
                        <td data-label="1:1 adherence">
                            <a href=href.clone()>{f.adherence.percent_label()}</a>
                            <span
                                class="periods"
                                role="img"
                                title="Two-week periods, oldest first: ● held, ○ none held, · not counted"
                                aria-label=format!(
                                    "Last {} two-week periods: {} held",
                                    f.periods.len(),
                                    f.periods.iter().filter(|p| **p == Some(true)).count(),
                                )
                            >
                                {periods_label(&f)}
                            </span>
                        </td>
                        <td data-label="Next 1:1">
                            <a href=href.clone() class:warn=f.due>
                                {next}
                            </a>
                        </td>
                        <td data-label="Actions">
                            <a
                                href=href
                                aria-label=format!(
                                    "Actions with {name}: {} mine, {} theirs open, {overdue} overdue",
                                    mine.open,
                                    theirs.open,
                                )
                            >
                                {format!("{} mine · {} theirs", mine.open, theirs.open)}
                                {(overdue > 0)
                                    .then(|| {
                                        view! {
                                            <span class="warn">{format!(" · {overdue} overdue")}</span>
                                        }
                                    })}
                            </a>
                        </td>
                    }
                        .into_any()
                }
                None if loading => {
                    view! {
                        <td data-label="1:1s" colspan="3" class="muted">
                            "Reading…"
                        </td>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <td data-label="1:1s" colspan="3">
                            <a href=Route::OneOnOnes.href()>"No 1:1 series yet — start one"</a>
                        </td>
                    }
                        .into_any()
                }
            }}
            <td data-label="Development plan">
                {match plan {
                    Some(f) => {
                        let fresh = if f.freshness_days == 0 {
                            "active today".to_string()
                        } else {
                            format!(
                                "active {} day{} ago",
                                f.freshness_days,
                                if f.freshness_days == 1 { "" } else { "s" },
                            )
                        };
                        let talk = if f.cadence.overdue {
                            format!("in-depth talk {} days overdue", f.cadence.days_overdue)
                        } else {
                            format!("in-depth talk by {}", f.cadence.due.format("%-d %b %Y"))
                        };
                        view! {
                            <a href=Route::Plan(f.doc_id.clone()).href()>{fresh}</a>
                            <span class="sub" class:warn=f.cadence.overdue>
                                {talk}
                            </span>
                        }
                            .into_any()
                    }
                    None if loading => view! { <span class="muted">"Reading…"</span> }.into_any(),
                    None => view! { <a href=Route::Growth.href()>"No plan yet"</a> }.into_any(),
                }}
            </td>
            <td data-label="Next review">{review_cell(review, loading)}</td>
        </tr>
    }
}

/// The next review (R4.7, R4.8): its date and what it still needs, linked to the plan.
fn review_cell(review: Option<ReviewFigures>, loading: bool) -> impl IntoView {
    match review {
        Some(f) => {
            let r = &f.readiness;
            let today = chrono::Local::now().date_naive();
            let status = if r.shared {
                "review shared".to_string()
            } else if r.ready() {
                "ready".to_string()
            } else if r.metrics == 0 {
                "no metrics yet".to_string()
            } else {
                f.missing()
            };
            let warn = f.to_prepare(today);
            view! {
                <a href=Route::Review(f.doc_id.clone())
                    .href()>{r.due.format("%-d %b %Y").to_string()}</a>
                <span class="sub" class:warn=warn>
                    {status}
                </span>
            }
            .into_any()
        }
        None if loading => view! { <span class="muted">"Reading…"</span> }.into_any(),
        None => view! { <a href=Route::Reviews.href()>"No plan yet"</a> }.into_any(),
    }
}

#[component]
fn MyCard(view: MyView) -> impl IntoView {
    let leader = view.leader_name.clone();
    let series = view.series.clone();
    let plan = view.plan.clone();
    view! {
        <div class="card my-view" role="region" aria-label="My view">
            <h2>"My view"</h2>
            <p class="muted">{format!("Your 1:1s, development and reviews with {leader}.")}</p>
            <div class="stats">
                {match series {
                    Some(f) => {
                        let href = Route::Series(f.doc_id.clone()).href();
                        let next = f
                            .next_meeting
                            .map(|n| n.format("%a %-d %b %H:%M").to_string())
                            .unwrap_or_else(|| "none planned: propose one".into());
                        view! {
                            <a class="stat" href=href.clone()>
                                <span class="stat-label">"1:1 adherence"</span>
                                <span class="stat-value">{f.adherence.percent_label()}</span>
                                <span class="stat-hint periods">{periods_label(&f)}</span>
                            </a>
                            <a class="stat" href=href class:warn=f.due>
                                <span class="stat-label">"Next 1:1"</span>
                                <span class="stat-value small">{next}</span>
                            </a>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <div class="stat">
                                <span class="stat-label">"1:1s"</span>
                                <span class="stat-value small">"No series yet"</span>
                            </div>
                        }
                            .into_any()
                    }
                }}
                {match plan {
                    Some(f) => {
                        view! {
                            <a
                                class="stat"
                                href=Route::Plan(f.doc_id.clone()).href()
                                class:warn=f.cadence.overdue
                            >
                                <span class="stat-label">"My development plan"</span>
                                <span class="stat-value small">
                                    {if f.freshness_days == 0 {
                                        "active today".to_string()
                                    } else {
                                        format!("active {} days ago", f.freshness_days)
                                    }}
                                </span>
                                <span class="stat-hint">
                                    {if f.cadence.overdue {
                                        format!(
                                            "in-depth talk {} days overdue",
                                            f.cadence.days_overdue,
                                        )
                                    } else {
                                        format!(
                                            "in-depth talk by {}",
                                            f.cadence.due.format("%-d %b %Y"),
                                        )
                                    }}
                                </span>
                            </a>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <a class="stat" href=Route::Growth.href()>
                                <span class="stat-label">"My development plan"</span>
                                <span class="stat-value small">"Not started"</span>
                            </a>
                        }
                            .into_any()
                    }
                }}
                {view
                    .review
                    .clone()
                    .map(|f| {
                        view! {
                            <a class="stat" href=Route::Review(f.doc_id.clone()).href()>
                                <span class="stat-label">"My next review"</span>
                                <span class="stat-value small">
                                    {f.readiness.due.format("%-d %b %Y").to_string()}
                                </span>
                                <span class="stat-hint">
                                    {if f.readiness.self_assessed < f.readiness.metrics {
                                        format!(
                                            "self-assessment {}/{} — yours to write",
                                            f.readiness.self_assessed,
                                            f.readiness.metrics,
                                        )
                                    } else if f.readiness.shared {
                                        "review shared".to_string()
                                    } else {
                                        "self-assessment done".to_string()
                                    }}
                                </span>
                            </a>
                        }
                    })}
            </div>
            <h3>"My open actions"</h3>
            {if view.my_actions.is_empty() {
                view! { <p class="empty">"No open actions."</p> }.into_any()
            } else {
                view! {
                    <ul class="my-actions" aria-label="My open actions">
                        {view
                            .my_actions
                            .iter()
                            .map(|(text, due, overdue)| {
                                view! {
                                    <li class:warn=*overdue>
                                        {text.clone()}
                                        <span class="meta">
                                            {format!(
                                                " · due {}{}",
                                                due.format("%-d %b"),
                                                if *overdue { " (overdue)" } else { "" },
                                            )}
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            {(!view.kpis.is_empty())
                .then(|| {
                    view! {
                        <h3>"Team KPIs I own"</h3>
                        <ul class="my-actions" aria-label="Team KPIs I own">
                            {view.kpis.iter().map(owned_kpi).collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}

/// One KPI I record the values of: where it stands, and whether the team waits for my value.
fn owned_kpi(k: &OwnedKpi) -> impl IntoView {
    let latest = k
        .trend
        .latest
        .map(|v| format!("{} {}", fmt_num(v), k.unit))
        .unwrap_or_else(|| "no value yet".into());
    let waiting = if k.stale {
        " · no value since the last metrics meeting"
    } else {
        ""
    };
    view! {
        <li class:warn=k.stale>
            <a href=Route::TeamObjectives(k.team_id.clone()).href()>{k.name.clone()}</a>
            {format!(": {latest}, target {} {}", fmt_num(k.target), k.unit)}
            <span class="meta">{format!(" · {}{waiting}", k.team_name)}</span>
        </li>
    }
}
