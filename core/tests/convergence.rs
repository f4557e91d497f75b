//! R7.1 end to end through the public API: replicas of one 1:1 series (leader, employee and
//! the leader's second tab, each with its own actor) start from ONE created document, edit
//! concurrently, and exchange `changes_since` payloads in random order, with duplicates and
//! drops. A dropped file is never "repaired": the next file is simply built from the heads the
//! sender last heard the receiver has, as the app does. At the end everyone converges and no
//! edit is lost; stale duplicates change nothing.

use std::collections::BTreeMap;

use automerge::{AutoCommit, ChangeHash};
use proptest::prelude::*;
use rapport_core::docs::exchange::{changes_since, merge_from, preview, receive_new};
use rapport_core::docs::one_on_one::{self as oo, SCHEMA};
use rapport_core::docs::CommandError;
use rapport_core::docs::DocKind;
use rapport_core::domain::one_on_one::{
    parse_local_datetime, ActionDraft, Participant, Section, Side,
};
use rapport_core::NaiveDate;

#[derive(Debug, Clone)]
enum Edit {
    Propose {
        day: u8,
    },
    AddTopic {
        meeting: usize,
    },
    Discuss {
        meeting: usize,
        topic: usize,
    },
    TypeInSection {
        meeting: usize,
        section: usize,
        pos: usize,
    },
    AddAction {
        meeting: usize,
        employee_owns: bool,
        day: u8,
    },
    Complete {
        action: usize,
    },
    Reopen {
        action: usize,
    },
    RecordHeld {
        meeting: usize,
        minutes: u32,
    },
    RecordMissed {
        meeting: usize,
    },
}

#[derive(Debug, Clone)]
enum Step {
    Edit {
        replica: usize,
        edit: Edit,
    },
    /// Export a sync file from one replica to another (it goes "in flight").
    Send {
        from: usize,
        to_offset: usize,
    },
    /// Import an in-flight file; `again` keeps it in flight so it is imported twice.
    Deliver {
        file: usize,
        again: bool,
    },
    /// Lose an in-flight file.
    Drop {
        file: usize,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => (0u8..60).prop_map(|day| Edit::Propose { day }),
        3 => any::<usize>().prop_map(|meeting| Edit::AddTopic { meeting }),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(meeting, topic)| Edit::Discuss { meeting, topic }),
        5 => (any::<usize>(), 0usize..6, any::<usize>())
            .prop_map(|(meeting, section, pos)| Edit::TypeInSection { meeting, section, pos }),
        2 => (any::<usize>(), any::<bool>(), 0u8..60)
            .prop_map(|(meeting, employee_owns, day)| Edit::AddAction { meeting, employee_owns, day }),
        1 => any::<usize>().prop_map(|action| Edit::Complete { action }),
        1 => any::<usize>().prop_map(|action| Edit::Reopen { action }),
        1 => (any::<usize>(), 20u32..70).prop_map(|(meeting, minutes)| Edit::RecordHeld { meeting, minutes }),
        1 => any::<usize>().prop_map(|meeting| Edit::RecordMissed { meeting }),
    ]
}

fn steps(replicas: usize, max: usize) -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        5 => (0..replicas, edit()).prop_map(|(replica, edit)| Step::Edit { replica, edit }),
        3 => (0..replicas, 1..replicas).prop_map(|(from, to_offset)| Step::Send { from, to_offset }),
        3 => (any::<usize>(), prop::bool::weighted(0.25)).prop_map(|(file, again)| Step::Deliver { file, again }),
        1 => any::<usize>().prop_map(|file| Step::Drop { file }),
    ];
    proptest::collection::vec(step, 1..max)
}

struct InFlight {
    from: usize,
    to: usize,
    payload: Vec<u8>,
    sender_heads: Vec<ChangeHash>,
}

/// What every replica must end up with.
#[derive(Default)]
struct Expected {
    meetings: Vec<String>,
    topics: Vec<(String, String, String)>, // meeting, topic id, text
    actions: Vec<(String, String)>,        // action id, text
    /// (meeting, section) -> every fragment inserted there.
    fragments: BTreeMap<(String, Section), Vec<String>>,
}

struct World {
    docs: Vec<AutoCommit>,
    people: Vec<Participant>,
    /// known[i][j]: heads replica i last heard replica j has.
    known: Vec<Vec<Vec<ChangeHash>>>,
    flight: Vec<InFlight>,
    expected: Expected,
    clock: i64,
    fragment_no: u32,
}

/// Each fragment is made of characters used nowhere else, so no diff can align it with
/// existing text and its characters can be traced after any merge. Non-ASCII on purpose.
fn fragment(n: u32) -> String {
    (0..3)
        .map(|i| char::from_u32(0x4E00 + n * 3 + i).unwrap())
        .collect()
}

fn sorted(mut h: Vec<ChangeHash>) -> Vec<ChangeHash> {
    h.sort();
    h
}

fn union(a: &[ChangeHash], b: &[ChangeHash]) -> Vec<ChangeHash> {
    let mut v: Vec<ChangeHash> = a.iter().chain(b).copied().collect();
    v.sort();
    v.dedup();
    v
}

impl World {
    /// The leader creates the series and sends it to the employee, who proposes the first
    /// 1:1 and sends it back; further replicas (the leader's other tabs) load the leader's copy.
    fn new(replicas: usize) -> World {
        let lea = Participant::new("leader-1", "Lea");
        let eve = Participant::new("employee-1", "Eve");
        let mut leader = oo::create("series-1", &lea, &eve, Side::Leader, 0).unwrap();
        let first = changes_since(&mut leader, &[]);
        let mut employee = receive_new("series-1", DocKind::OneOnOne, SCHEMA, &first).unwrap();
        let when = parse_local_datetime("2026-12-03T10:00").unwrap();
        let m0 = oo::propose_meeting(&mut employee, &eve.id, when, 45, 1).unwrap();
        let leader_has = leader.get_heads();
        let back = changes_since(&mut employee, &leader_has);
        let heads = employee.get_heads();
        merge_from(&mut leader, &back, &heads).unwrap();
        let mut docs = vec![leader, employee];
        let mut people = vec![lea.clone(), eve];
        while docs.len() < replicas {
            let saved = docs[0].save();
            docs.push(receive_new("series-1", DocKind::OneOnOne, SCHEMA, &saved).unwrap());
            people.push(lea.clone());
        }
        let h0 = docs[0].get_heads();
        let expected = Expected {
            meetings: vec![m0],
            ..Default::default()
        };
        World {
            known: vec![vec![h0; replicas]; replicas],
            docs,
            people,
            flight: Vec::new(),
            expected,
            clock: 10,
            fragment_no: 0,
        }
    }

    fn meeting_of(&self, r: usize, pick: usize) -> String {
        let one = oo::load(&self.docs[r]).unwrap();
        let ids: Vec<&String> = one.meetings.keys().collect();
        ids[pick % ids.len()].clone()
    }

    fn apply(&mut self, r: usize, e: &Edit) -> Result<(), TestCaseError> {
        self.clock += 1_000;
        let now = self.clock;
        let who = self.people[r].clone();
        let day0 = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        match e {
            Edit::Propose { day } => {
                let when = (day0 + chrono::Duration::days(*day as i64))
                    .and_hms_opt(10, 0, 0)
                    .unwrap();
                let heads = self.docs[r].get_heads();
                match oo::propose_meeting(&mut self.docs[r], &who.id, when, 45, now) {
                    Ok(id) => {
                        prop_assert_eq!(r, 1, "only the employee proposes");
                        self.expected.meetings.push(id);
                    }
                    Err(CommandError::Refused(f)) => {
                        // R3.2: a leader's attempt is refused and leaves no trace.
                        prop_assert_eq!(f[0].rule, "R3.2");
                        prop_assert_eq!(self.docs[r].get_heads(), heads);
                    }
                    Err(other) => prop_assert!(false, "unexpected {:?}", other),
                }
            }
            Edit::AddTopic { meeting } => {
                let m = self.meeting_of(r, *meeting);
                let text = format!("Topic {now} from {}", who.name);
                let id = oo::add_topic(&mut self.docs[r], &who.id, &m, &text, now).unwrap();
                self.expected.topics.push((m, id, text));
            }
            Edit::Discuss { meeting, topic } => {
                let m = self.meeting_of(r, *meeting);
                let one = oo::load(&self.docs[r]).unwrap();
                let ids: Vec<String> = one.meetings[&m].topics.keys().cloned().collect();
                if !ids.is_empty() {
                    let t = &ids[topic % ids.len()];
                    oo::set_topic_discussed(&mut self.docs[r], &who.id, &m, t, topic % 2 == 0, now)
                        .unwrap();
                }
            }
            Edit::TypeInSection {
                meeting,
                section,
                pos,
            } => {
                let m = self.meeting_of(r, *meeting);
                let section = Section::ALL[*section];
                let one = oo::load(&self.docs[r]).unwrap();
                let current: Vec<char> = one.meetings[&m].text(section).chars().collect();
                let at = pos % (current.len() + 1);
                self.fragment_no += 1;
                let frag = fragment(self.fragment_no);
                let new: String = current[..at]
                    .iter()
                    .copied()
                    .chain(frag.chars())
                    .chain(current[at..].iter().copied())
                    .collect();
                oo::edit_section(&mut self.docs[r], &who.id, &m, section, &new, now).unwrap();
                self.expected
                    .fragments
                    .entry((m, section))
                    .or_default()
                    .push(frag);
            }
            Edit::AddAction {
                meeting,
                employee_owns,
                day,
            } => {
                let m = self.meeting_of(r, *meeting);
                let text = format!("Action {now}");
                let draft = ActionDraft {
                    meeting_id: m,
                    text: text.clone(),
                    owner: Some(if *employee_owns {
                        Side::Employee
                    } else {
                        Side::Leader
                    }),
                    due: Some(day0 + chrono::Duration::days(*day as i64)),
                };
                let id = oo::add_action(&mut self.docs[r], &who.id, &draft, now).unwrap();
                self.expected.actions.push((id, text));
            }
            Edit::Complete { action } | Edit::Reopen { action } => {
                let one = oo::load(&self.docs[r]).unwrap();
                let ids: Vec<&String> = one.actions.keys().collect();
                if !ids.is_empty() {
                    let a = ids[action % ids.len()].clone();
                    if matches!(e, Edit::Complete { .. }) {
                        oo::complete_action(&mut self.docs[r], &who.id, &a, day0, now).unwrap();
                    } else {
                        oo::reopen_action(&mut self.docs[r], &who.id, &a, now).unwrap();
                    }
                }
            }
            Edit::RecordHeld { meeting, minutes } => {
                let m = self.meeting_of(r, *meeting);
                oo::record_held(&mut self.docs[r], &who.id, &m, *minutes, now).unwrap();
            }
            Edit::RecordMissed { meeting } => {
                let m = self.meeting_of(r, *meeting);
                oo::record_missed(
                    &mut self.docs[r],
                    &who.id,
                    &m,
                    &format!("Reason {now}"),
                    now,
                )
                .unwrap();
            }
        }
        Ok(())
    }

    fn send(&mut self, from: usize, to: usize) {
        let their = self.known[from][to].clone();
        let payload = changes_since(&mut self.docs[from], &their);
        let sender_heads = self.docs[from].get_heads();
        self.flight.push(InFlight {
            from,
            to,
            payload,
            sender_heads,
        });
    }

    /// Imports a file. Because files are built from heads the receiver really had, none can
    /// have a gap: every import must succeed, whatever the order or repetition.
    fn receive(&mut self, f: &InFlight) -> Result<(), TestCaseError> {
        let before = self.docs[f.to].get_heads();
        let p = preview(&self.docs[f.to], "series-1", &f.payload)
            .map_err(|e| TestCaseError::fail(format!("preview: {e}")))?;
        let r = merge_from(&mut self.docs[f.to], &f.payload, &f.sender_heads)
            .map_err(|e| TestCaseError::fail(format!("merge: {e}")))?;
        prop_assert_eq!(p.new_changes, r.new_changes);
        let after = self.docs[f.to].get_heads();
        prop_assert_eq!(r.new_changes == 0, sorted(before) == sorted(after));
        // The sender had at least these heads when it exported.
        self.known[f.to][f.from] = union(&self.known[f.to][f.from], &f.sender_heads);
        Ok(())
    }

    fn run(&mut self, steps: &[Step]) -> Result<(), TestCaseError> {
        let n = self.docs.len();
        let mut delivered: Vec<InFlight> = Vec::new();
        for s in steps {
            match s {
                Step::Edit { replica, edit } => self.apply(*replica, edit)?,
                Step::Send { from, to_offset } => self.send(*from, (from + to_offset) % n),
                Step::Deliver { file, again } if !self.flight.is_empty() => {
                    let k = file % self.flight.len();
                    let f = if *again {
                        let f = &self.flight[k];
                        InFlight {
                            from: f.from,
                            to: f.to,
                            payload: f.payload.clone(),
                            sender_heads: f.sender_heads.clone(),
                        }
                    } else {
                        self.flight.remove(k)
                    };
                    self.receive(&f)?;
                    delivered.push(f);
                }
                Step::Drop { file } if !self.flight.is_empty() => {
                    let k = file % self.flight.len();
                    self.flight.remove(k);
                }
                _ => {}
            }
        }
        // Everyone exchanges until nothing is left to send (each round: every ordered pair).
        for _ in 0..n {
            for from in 0..n {
                for to in 0..n {
                    if from != to {
                        self.send(from, to);
                        let f = self.flight.pop().unwrap();
                        self.receive(&f)?;
                    }
                }
            }
        }
        // Files still in flight and files already imported are stale now: no effect.
        let heads = sorted(self.docs[0].get_heads());
        let stale: Vec<InFlight> = self.flight.drain(..).chain(delivered).collect();
        for f in &stale {
            let r = merge_from(&mut self.docs[f.to], &f.payload, &f.sender_heads)
                .map_err(|e| TestCaseError::fail(format!("stale merge: {e}")))?;
            prop_assert_eq!(r.new_changes, 0);
        }
        for d in self.docs.iter_mut() {
            prop_assert_eq!(sorted(d.get_heads()), heads.clone());
        }
        Ok(())
    }

    fn check_nothing_lost(&self) -> Result<(), TestCaseError> {
        let one = oo::load(&self.docs[0]).unwrap();
        for d in &self.docs[1..] {
            prop_assert_eq!(
                &oo::load(d).unwrap(),
                &one,
                "same hydrated value everywhere"
            );
        }
        for m in &self.expected.meetings {
            prop_assert!(one.meetings.contains_key(m), "meeting {} lost", m);
        }
        prop_assert_eq!(one.meetings.len(), self.expected.meetings.len());
        for (m, t, text) in &self.expected.topics {
            prop_assert_eq!(&one.meetings[m].topics[t].text, text);
        }
        for (a, text) in &self.expected.actions {
            prop_assert_eq!(&one.actions[a].text, text);
        }
        prop_assert_eq!(one.actions.len(), self.expected.actions.len());
        for m in one.meetings.values() {
            for section in Section::ALL {
                let text = m.text(section);
                let frags = self
                    .expected
                    .fragments
                    .get(&(m.id.clone(), section))
                    .cloned()
                    .unwrap_or_default();
                // Only fragments were ever typed, so the text holds exactly their characters,
                // each fragment's in the order typed (a later edit may insert inside one).
                let total: usize = frags.iter().map(|f| f.chars().count()).sum();
                prop_assert_eq!(
                    text.chars().count(),
                    total,
                    "section {:?}: {:?}",
                    section,
                    text
                );
                for f in &frags {
                    let pos: Vec<usize> = f
                        .chars()
                        .map(|c| text.find(c).unwrap_or(usize::MAX))
                        .collect();
                    prop_assert!(
                        pos.iter().all(|p| *p != usize::MAX),
                        "fragment {} lost from {:?}",
                        f,
                        text
                    );
                    prop_assert!(
                        pos.windows(2).all(|w| w[0] < w[1]),
                        "fragment {} reordered in {:?}",
                        f,
                        text
                    );
                }
            }
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Leader and employee.
    #[test]
    fn two_replicas_converge_and_lose_nothing(steps in steps(2, 60)) {
        let mut w = World::new(2);
        w.run(&steps)?;
        w.check_nothing_lost()?;
    }

    /// Leader, employee and the leader's second tab (own actor id).
    #[test]
    fn three_replicas_converge_and_lose_nothing(steps in steps(3, 80)) {
        let mut w = World::new(3);
        w.run(&steps)?;
        w.check_nothing_lost()?;
    }
}

/// The same edit typed concurrently in one section on all three replicas: every character
/// survives, in a single interleaving all replicas agree on.
#[test]
fn concurrent_typing_in_one_section_on_three_replicas() {
    let mut w = World::new(3);
    for r in 0..3 {
        w.apply(
            r,
            &Edit::TypeInSection {
                meeting: 0,
                section: 0,
                pos: 0,
            },
        )
        .unwrap();
        w.apply(r, &Edit::AddTopic { meeting: 0 }).unwrap();
    }
    w.run(&[]).unwrap();
    w.check_nothing_lost().unwrap();
    let one = oo::load(&w.docs[0]).unwrap();
    let m = &one.meetings[&w.expected.meetings[0]];
    assert_eq!(m.text(Section::Connection).chars().count(), 9);
    assert_eq!(m.topics.len(), 3);
}
