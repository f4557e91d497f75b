//! A realistic year of 1:1s, shared by the sync-size test and the merge benchmark: 26
//! biweekly meetings, 5 topics each (3 from the employee, 2 from the leader), every section
//! and the plan check typed in bursts to a few hundred characters, 2 actions per meeting,
//! last meeting's actions completed. Leader and employee each edit their own replica and swap
//! a sync file in each direction per meeting, as the app would.

// Shared by a test and a bench, each of which uses only part of it.
#![allow(dead_code)]

use automerge::{AutoCommit, ChangeHash};
use rapport_core::docs::exchange::{changes_since, merge_from, receive_new};
use rapport_core::docs::one_on_one::{self as oo, SCHEMA};
use rapport_core::docs::DocKind;
use rapport_core::domain::one_on_one::{ActionDraft, Participant, Section, Side};
use rapport_core::NaiveDate;

pub const MEETINGS: usize = 26;

/// Words of typical 1:1 notes. Notes are drawn from them pseudo-randomly so that they
/// compress about as well as real prose (a repeated sentence pool would flatter deflate).
const WORDS: &[&str] = &[
    "release",
    "slipped",
    "week",
    "because",
    "flaky",
    "integration",
    "tests",
    "agreed",
    "pair",
    "harness",
    "Thursday",
    "customer",
    "NPS",
    "moved",
    "onboarding",
    "changes",
    "demo",
    "sales",
    "team",
    "clear",
    "paced",
    "notice",
    "priorities",
    "sprint",
    "interested",
    "tech-lead",
    "track",
    "mentor",
    "new",
    "hire",
    "conference",
    "talk",
    "proposal",
    "review",
    "together",
    "next",
    "time",
    "rested",
    "weekend",
    "family",
    "move",
    "apartment",
    "budget",
    "hiring",
    "roadmap",
    "quarter",
    "goal",
    "metric",
    "target",
    "reports",
    "delivered",
    "on",
    "the",
    "a",
    "and",
    "to",
    "of",
    "we",
    "you",
    "I",
    "it",
    "is",
    "was",
    "will",
    "should",
    "could",
    "more",
    "less",
    "before",
    "after",
    "because",
    "support",
    "blocked",
    "waiting",
    "design",
    "doc",
    "feedback",
    "course",
    "certification",
    "SQL",
    "latency",
    "p95",
    "incident",
    "postmortem",
    "on-call",
    "rotation",
    "holiday",
    "plan",
    "three",
    "years",
    "lead",
    "growth",
    "stretch",
];

/// Deterministic pseudo-random words (an LCG: no dependency, same text on every run).
fn text_of(seed: usize, len: usize) -> String {
    let mut x = seed as u64 * 2_654_435_761 + 1;
    let mut s = String::new();
    while s.chars().count() < len {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        s.push_str(WORDS[(x >> 33) as usize % WORDS.len()]);
        s.push(if (x >> 20).is_multiple_of(9) {
            '.'
        } else {
            ' '
        });
    }
    s.chars().take(len).collect()
}

/// A short line of text for topic and action names.
fn line(seed: usize) -> String {
    text_of(seed, 36).trim().to_string()
}

pub struct Year {
    pub leader: AutoCommit,
    pub employee: AutoCommit,
    pub lea: Participant,
    pub eve: Participant,
    /// What the leader last heard the employee has, and vice versa.
    pub leader_knows: Vec<ChangeHash>,
    pub employee_knows: Vec<ChangeHash>,
    pub clock: i64,
}

/// Sizes of the two sync files one 1:1 produces.
pub struct MeetingFiles {
    /// Employee -> leader: the proposal and the employee's topics.
    pub proposal: Vec<u8>,
    /// Leader -> employee: the leader's topics, all notes, actions, the held record.
    pub notes: Vec<u8>,
}

impl Year {
    pub fn start() -> Year {
        let lea = Participant::new("leader-1", "Lea");
        let eve = Participant::new("employee-1", "Eve");
        let mut leader =
            oo::create("series-1", &lea, &eve, Side::Leader, 1_767_225_600_000).unwrap();
        let first = changes_since(&mut leader, &[]);
        let employee = receive_new("series-1", DocKind::OneOnOne, SCHEMA, &first).unwrap();
        let heads = leader.get_heads();
        Year {
            leader,
            employee,
            lea,
            eve,
            leader_knows: heads.clone(),
            employee_knows: heads,
            clock: 1_767_225_600_000,
        }
    }

    fn tick(&mut self) -> i64 {
        self.clock += 60_000;
        self.clock
    }

    /// One full 1:1 cycle; returns the two sync files it produced (already merged).
    pub fn meeting(&mut self, i: usize) -> MeetingFiles {
        let day0 = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let date = day0 + chrono::Duration::days(14 * i as i64);
        let when = date.and_hms_opt(10, 0, 0).unwrap();
        // Employee: proposes and sets most of the agenda (R3.2).
        let now = self.tick();
        let m = oo::propose_meeting(&mut self.employee, &self.eve.id, when, 45, now).unwrap();
        for t in 0..3 {
            let now = self.tick();
            oo::add_topic(
                &mut self.employee,
                &self.eve.id,
                &m,
                &format!("Topic {t}: {}", line(1000 + i * 10 + t)),
                now,
            )
            .unwrap();
        }
        let proposal = changes_since(&mut self.employee, &self.leader_knows);
        let heads = self.employee.get_heads();
        merge_from(&mut self.leader, &proposal, &heads).unwrap();
        self.leader_knows = heads.clone();
        self.employee_knows = heads;

        // Leader: two topics, then the meeting itself: notes typed in ~50-character bursts.
        for t in 0..2 {
            let now = self.tick();
            oo::add_topic(
                &mut self.leader,
                &self.lea.id,
                &m,
                &format!("Leader topic {t}"),
                now,
            )
            .unwrap();
        }
        for (s, section) in Section::ALL.into_iter().enumerate() {
            let full = text_of(i * 10 + s, 300);
            for burst in 1..=6 {
                let now = self.tick();
                let upto: String = full.chars().take(burst * 50).collect();
                oo::edit_section(&mut self.leader, &self.lea.id, &m, section, &upto, now).unwrap();
            }
        }
        let one = oo::load(&self.leader).unwrap();
        let topics: Vec<String> = one.meetings[&m].topics.keys().cloned().collect();
        for t in &topics {
            let now = self.tick();
            oo::set_topic_discussed(&mut self.leader, &self.lea.id, &m, t, true, now).unwrap();
        }
        for open in one.open_actions() {
            let now = self.tick();
            oo::complete_action(&mut self.leader, &self.lea.id, &open.id, date, now).unwrap();
        }
        for (k, owner) in [Side::Employee, Side::Leader].into_iter().enumerate() {
            let draft = ActionDraft {
                meeting_id: m.clone(),
                text: format!("Follow-up {k}: {}", line(2000 + i * 10 + k)),
                owner: Some(owner),
                due: Some(date + chrono::Duration::days(10)),
            };
            let now = self.tick();
            oo::add_action(&mut self.leader, &self.lea.id, &draft, now).unwrap();
        }
        let now = self.tick();
        oo::record_held(&mut self.leader, &self.lea.id, &m, 45, now).unwrap();
        let notes = changes_since(&mut self.leader, &self.employee_knows);
        let heads = self.leader.get_heads();
        merge_from(&mut self.employee, &notes, &heads).unwrap();
        self.leader_knows = heads.clone();
        self.employee_knows = heads;
        MeetingFiles { proposal, notes }
    }

    /// A full year: all 26 meetings.
    pub fn build() -> (Year, Vec<MeetingFiles>) {
        let mut y = Year::start();
        let files = (0..MEETINGS).map(|i| y.meeting(i)).collect();
        (y, files)
    }
}
