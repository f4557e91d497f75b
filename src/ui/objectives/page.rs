//! One team's objectives: the page frame (opened on demand), the figures at the top, who is on
//! the team, and the sections below.

use leptos::prelude::*;
use rapport_core::domain::{DocKind, Participant, Side};
use rapport_core::rules::team as rules;

use crate::state::team_objectives as team_state;
use crate::state::AppState;
use crate::ui::later::Later;
use crate::ui::shared_doc::{DocActions, DocFrame, DocPanels, DocPanelsView};
use crate::ui::widgets::{findings_list, StatCard};

use super::alignment::AlignmentView;
use super::goals::{ObjectivesSection, Priorities};
use super::meeting::MeetingSection;
use super::questions::Questions;
use super::*;

#[component]
pub fn TeamPage(doc_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let team = {
        let id = doc_id.clone();
        Memo::new(move |_| team_state::load(&id))
    };
    let entry = crate::state::shared::watch_entry(state, doc_id.clone());
    let id = doc_id.clone();
    view! {
        <DocFrame
            doc_id=doc_id
            kind=DocKind::TeamObjectives
            class="team-objectives-page"
            what="the team objectives"
            back=("#/objectives", "Back to Objectives")
            loaded=Signal::derive(move || team.with(|t| t.is_some()))
            entry=entry
            body=move |e| {
                let ctx = Ctx {
                    team,
                    entry,
                    leader: e.my_side == Side::Leader,
                    cmd: team_state::Team::new(state, id.clone(), team_state::my_id_in(state, &e)),
                };
                view! { <TeamBody ctx=ctx /> }
            }
        />
    }
}

#[component]
fn TeamBody(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = Memo::new(move |_| ctx.with(|t| t.team_name.clone()));
    let leader_name = Memo::new(move |_| ctx.with(|t| t.leader.name.clone()));
    let panels = DocPanels::new();
    let other = move || {
        if ctx.leader {
            "the team".to_string()
        } else {
            leader_name.get()
        }
    };
    let subtitle = move || {
        if ctx.leader {
            "You write the priorities, objectives and KPIs. Members add values to the KPIs they own and questions for the meeting, and send them to you; your next team file carries them to everyone.".to_string()
        } else {
            format!(
                "Shared by {}, who leads the team. Add values to the KPIs you own and questions for the meeting, then send your update to {}.",
                leader_name.get(),
                leader_name.get()
            )
        }
    };
    let week = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.settings.work_week.clone())
                .unwrap_or_default()
        })
    });
    let measures = Memo::new(move |_| {
        let today = state.today.get();
        week.with(|wk| ctx.with(|t| Some(rules::measures(t, wk, today))))
    });
    let findings = Memo::new(move |_| {
        let today = state.today.get();
        week.with(|wk| ctx.with(|t| rules::team_findings(t, wk, today)))
    });
    let objectives = Memo::new(move |_| ctx.with(|t| t.objectives.len()));
    let kpis = Memo::new(move |_| ctx.with(|t| t.kpis.len()));
    let pct = |v: Option<f64>| v.map(|v| format!("{:.0} %", v * 100.0));
    let doc_id = ctx.doc_id();
    view! {
        <div class="page-head">
            <p class="crumbs">
                <a href="#/objectives">"Objectives"</a>
                " ›"
            </p>
            <h1>{move || name.get()}</h1>
            <p class="muted">{subtitle}</p>
            <DocActions doc_id=doc_id.clone() panels=panels other=Signal::derive(other) />
        </div>
        <DocPanelsView doc_id=doc_id panels=panels entry=ctx.entry />
        <div class="stats">
            <StatCard
                label="Objectives"
                value=Signal::derive(move || objectives.get().to_string())
                hint=Signal::derive(move || format!("{} KPIs", kpis.get()))
            />
            <StatCard
                label="KPIs updated"
                value=Signal::derive(move || {
                    measures
                        .with(|m| m.as_ref().and_then(|m| pct(m.fresh_share)))
                        .unwrap_or_else(|| "–".into())
                })
                hint=Signal::derive(move || "since the last meeting".to_string())
                warn=Signal::derive(move || {
                    measures.with(|m| m.as_ref().is_some_and(|m| !m.stale_kpis.is_empty()))
                })
            />
            <StatCard
                label="Meetings held"
                value=Signal::derive(move || {
                    measures
                        .with(|m| m.as_ref().and_then(|m| pct(m.held_rate)))
                        .unwrap_or_else(|| "–".into())
                })
                hint=Signal::derive(move || {
                    measures
                        .with(|m| {
                            m.as_ref().map(|m| format!("{} of {} scheduled", m.held, m.scheduled))
                        })
                        .unwrap_or_default()
                })
                warn=Signal::derive(move || {
                    measures
                        .with(|m| m.as_ref().is_some_and(|m| m.held_rate.is_some_and(|r| r < 0.9)))
                })
            />
            <StatCard
                label="Average length"
                value=Signal::derive(move || {
                    measures
                        .with(|m| {
                            m.as_ref()
                                .and_then(|m| m.average_minutes)
                                .map(|a| format!("{a:.0} min"))
                        })
                        .unwrap_or_else(|| "–".into())
                })
                hint=Signal::derive(move || {
                    measures
                        .with(|m| m.as_ref().and_then(|m| m.time_box))
                        .map(|t| format!("time box {t} min"))
                        .unwrap_or_else(|| "no cadence yet".into())
                })
                warn=Signal::derive(move || {
                    measures.with(|m| m.as_ref().is_some_and(|m| m.over_time_box > 0))
                })
            />
        </div>
        {move || findings_list(findings.get(), "What needs attention")}
        // At five years the sections below take longer than 100 ms to build together: one
        // task each (issue 11).
        <Later>
            <Members ctx=ctx />
            <Priorities ctx=ctx />
        </Later>
        <Later>
            <ObjectivesSection ctx=ctx />
        </Later>
        <Later>
            <AlignmentView ctx=ctx />
        </Later>
        <Later>
            <MeetingSection ctx=ctx />
            <Questions ctx=ctx />
        </Later>
    }
}

/// Who is on the team: the leader adds people from the roster and marks who left (their key is
/// no longer accepted for new changes, and team files stop going to them).
#[component]
fn Members(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let members = Memo::new(move |_| {
        ctx.with(|t| {
            t.active_members()
                .into_iter()
                .map(|m| (m.id.clone(), m.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    // Roster people not on the team (leader side: the member ids are roster ids).
    let addable = Memo::new(move |_| {
        if !ctx.leader {
            return Vec::new();
        }
        let on: Vec<String> = members.with(|m| m.iter().map(|(id, _)| id.clone()).collect());
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| {
                    w.active_people()
                        .into_iter()
                        .filter(|p| !on.contains(&p.id))
                        .map(|p| (p.id.clone(), p.name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let add = move |id: String, name: String| {
        if let Err(e) = ctx.cmd.add_member(&Participant::new(id, name)) {
            state.notify(e.to_string());
        }
    };
    let remove = move |id: String, name: String| match ctx.cmd.remove_member(&id) {
        Ok(()) => state.notify(format!("{name} left the team: files no longer go to them")),
        Err(e) => state.notify(e.to_string()),
    };
    view! {
        <div class="card members">
            <h2>"Team"</h2>
            <ul class="chips" aria-label="Members">
                <li class="chip">
                    {move || format!("{} (leader)", ctx.with(|t| t.leader.name.clone()))}
                </li>
                {move || {
                    members
                        .get()
                        .into_iter()
                        .map(|(id, name)| {
                            let label = format!("{name} left the team");
                            let n = name.clone();
                            view! {
                                <li class="chip">
                                    {name.clone()}
                                    {ctx
                                        .leader
                                        .then(|| {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="ghost small"
                                                    aria-label=label
                                                    title="Left the team"
                                                    on:click=move |_| remove(id.clone(), n.clone())
                                                >
                                                    "×"
                                                </button>
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <Show when=move || !addable.with(|a| a.is_empty())>
                <p class="help">
                    "On your roster but not on this team: "
                    {move || {
                        addable
                            .get()
                            .into_iter()
                            .map(|(id, name)| {
                                let label = format!("Add {name} to the team");
                                let n = name.clone();
                                view! {
                                    <button
                                        type="button"
                                        class="secondary small"
                                        aria-label=label
                                        on:click=move |_| add(id.clone(), n.clone())
                                    >
                                        {format!("+ {name}")}
                                    </button>
                                    " "
                                }
                            })
                            .collect_view()
                    }}
                </p>
            </Show>
        </div>
    }
}
