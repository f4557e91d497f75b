//! Two editors typing into one text field (two tabs, or two people between sync files):
//! each editor holds a base and a draft the way the app's text field does, commits its
//! draft as an edit against its base (`docs::set_text` with a `TextEdit`), and rebases its
//! draft when the stored text changes underneath it (R8.4). Whatever the interleaving of
//! typing, commits, merges and refreshes, nothing typed is lost and both sides converge.

use automerge::{AutoCommit, ReadDoc, ROOT};
use proptest::prelude::*;
use rapport_core::docs::set_text;
use rapport_core::text::{merge, merge_with_carets, TextEdit};

/// One text field bound to a document, as `SyncedTextarea` keeps it.
struct Field {
    doc: AutoCommit,
    /// The stored text the draft was typed against.
    base: String,
    draft: String,
}

impl Field {
    fn stored(&self) -> String {
        match self.doc.get(ROOT, "t").unwrap() {
            Some((_, id)) => self.doc.text(&id).unwrap(),
            None => String::new(),
        }
    }

    fn commit(&mut self) {
        set_text(
            &mut self.doc,
            &ROOT,
            "t",
            TextEdit::typed(self.base.clone(), self.draft.clone()),
        )
        .unwrap();
        self.doc.commit();
        // As the widget does: what it committed is now its base; the stored signal brings
        // anything merged in meanwhile through `refresh`.
        self.base = self.draft.clone();
    }

    /// The stored text changed (or not): rebase the draft on it.
    fn refresh(&mut self) {
        let stored = self.stored();
        if stored != self.base {
            self.draft = merge(&self.base, &self.draft, &stored);
            self.base = stored;
        }
    }

    fn type_at(&mut self, at: usize, delete: usize, insert: &str) {
        let chars: Vec<char> = self.draft.chars().collect();
        let at = at % (chars.len() + 1);
        let end = (at + delete).min(chars.len());
        let mut out: String = chars[..at].iter().collect();
        out.push_str(insert);
        out.extend(&chars[end..]);
        self.draft = out;
    }
}

#[derive(Debug, Clone)]
enum Op {
    Type {
        editor: usize,
        at: usize,
        delete: usize,
        len: usize,
    },
    Commit(usize),
    Refresh(usize),
    /// Both documents exchange their changes (a storage round-trip between tabs).
    Sync,
}

fn op(max_delete: usize) -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2usize, 0..64usize, 0..=max_delete, 1..4usize)
            .prop_map(|(editor, at, delete, len)| Op::Type { editor, at, delete, len }),
        2 => (0..2usize).prop_map(Op::Commit),
        1 => (0..2usize).prop_map(Op::Refresh),
        1 => Just(Op::Sync),
    ]
}

fn sync(fields: &mut [Field; 2]) {
    let [a, b] = fields;
    a.doc.merge(&mut b.doc).unwrap();
    b.doc.merge(&mut a.doc).unwrap();
}

/// Runs `ops`, then lets both editors commit and settle. Returns the fields and every
/// character typed (each typed character is unique, so "kept" is a plain membership test).
fn run(initial: &str, ops: &[Op]) -> ([Field; 2], Vec<char>) {
    let mut doc = AutoCommit::new();
    set_text(&mut doc, &ROOT, "t", initial).unwrap();
    doc.commit();
    let mut fields = [0, 1].map(|_| Field {
        doc: doc.fork(),
        base: initial.to_string(),
        draft: initial.to_string(),
    });
    let mut typed = Vec::new();
    let mut next = 0u32;
    for op in ops {
        match *op {
            Op::Type {
                editor,
                at,
                delete,
                len,
            } => {
                let insert: String = (0..len)
                    .map(|_| {
                        next += 1;
                        char::from_u32(0x4E00 + next).unwrap()
                    })
                    .collect();
                typed.extend(insert.chars());
                fields[editor].type_at(at, delete, &insert);
            }
            Op::Commit(e) => fields[e].commit(),
            Op::Refresh(e) => fields[e].refresh(),
            Op::Sync => {
                sync(&mut fields);
                fields.iter_mut().for_each(Field::refresh);
            }
        }
    }
    for _ in 0..2 {
        fields.iter_mut().for_each(Field::commit);
        sync(&mut fields);
        fields.iter_mut().for_each(Field::refresh);
    }
    (fields, typed)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Only insertions: every character either editor typed is in the final text, on both sides.
    #[test]
    fn typing_in_two_tabs_loses_nothing(ops in prop::collection::vec(op(0), 1..40)) {
        let (fields, typed) = run("Notes: ", &ops);
        let text = fields[0].stored();
        prop_assert_eq!(&text, &fields[1].stored());
        for c in typed {
            prop_assert!(text.contains(c), "typed {c:?} lost from {text:?}");
        }
        // Nobody deleted: the initial text is still there, in order.
        let mut rest = text.chars();
        prop_assert!("Notes: ".chars().all(|c| rest.any(|r| r == c)));
        for f in &fields {
            prop_assert_eq!(&f.draft, &text);
        }
    }

    /// With deletions too: both documents and both fields converge to one text.
    #[test]
    fn two_editors_converge(ops in prop::collection::vec(op(5), 1..40)) {
        let (fields, _) = run("The quick brown fox", &ops);
        let text = fields[0].stored();
        prop_assert_eq!(&text, &fields[1].stored());
        for f in &fields {
            prop_assert_eq!(&f.draft, &text);
        }
    }

    /// The merge is symmetric, keeps what both sides kept, and carets stay in the text.
    #[test]
    fn merge_is_symmetric(
        base in "[a-c ]{0,12}",
        mine in "[a-d ]{0,12}",
        theirs in "[a-e ]{0,12}",
        caret in 0..13usize,
    ) {
        let m = merge_with_carets(&base, &mine, &theirs, &[caret.min(mine.chars().count())]);
        prop_assert_eq!(&m.text, &merge(&base, &theirs, &mine));
        prop_assert!(m.carets[0] <= m.text.chars().count());
        // Unchanged sides give the other side's text back.
        prop_assert_eq!(merge(&base, &base, &theirs), theirs.clone());
        prop_assert_eq!(merge(&base, &mine, &base), mine.clone());
    }
}

/// The measured failure: tab B has typing not yet committed when tab A's committed sentence
/// arrives; B commits afterwards. Both sentences survive in both tabs.
#[test]
fn the_two_tab_sentences_both_survive() {
    let ops = [];
    let (mut fields, _) = run("", &ops);
    fields[0].type_at(0, 0, "ALPHA from tab one.");
    fields[1].type_at(0, 0, "BETA from tab two.");
    fields[0].commit();
    sync(&mut fields);
    fields[1].refresh(); // A's sentence arrives while B is still typing
    fields[1].commit();
    sync(&mut fields);
    fields.iter_mut().for_each(Field::refresh);
    for f in &fields {
        let t = f.stored();
        assert!(t.contains("ALPHA from tab one."), "{t}");
        assert!(t.contains("BETA from tab two."), "{t}");
        assert_eq!(f.draft, t);
    }
}

/// Every kind of text field the app has goes through the same merge: an edit typed against
/// an older base keeps what the other editor stored meanwhile. `edit(doc, text)` stores a
/// field's text; `read(doc)` reads it back.
fn keeps_concurrent_text(
    mut doc: AutoCommit,
    edit: impl Fn(&mut AutoCommit, TextEdit),
    read: impl Fn(&AutoCommit) -> String,
) {
    edit(&mut doc, "Notes.".into());
    let mut other = doc.fork();
    // The other tab appends its sentence and it reaches this document...
    edit(
        &mut other,
        TextEdit::typed("Notes.", "Notes. ALPHA from tab one."),
    );
    doc.merge(&mut other).unwrap();
    // ...while this field still had "Notes." as its base and typed at the start.
    edit(
        &mut doc,
        TextEdit::typed("Notes.", "BETA from tab two. Notes."),
    );
    assert_eq!(read(&doc), "BETA from tab two. Notes. ALPHA from tab one.");
}

#[test]
fn every_text_field_kind_merges_typed_text() {
    use chrono::NaiveDate;
    use rapport_core::docs::{development_plan as dp, one_on_one as oo, workspace as ws};
    use rapport_core::domain::development::{DiscussionDraft, DiscussionKind};
    use rapport_core::domain::one_on_one::{Participant, Section, Side};

    let text_at = |doc: &AutoCommit, path: &[&str]| -> String {
        let mut obj = ROOT;
        for key in path {
            obj = doc.get(&obj, *key).unwrap().expect(key).1;
        }
        doc.text(&obj).unwrap()
    };

    // Personal context and private notes: the private workspace.
    let mut wsdoc = ws::create("ws-1", "owner", "Lea", 0).unwrap();
    keeps_concurrent_text(
        wsdoc.fork(),
        |d, e| ws::set_context(d, "p1", e, 1).unwrap(),
        |d| text_at(d, &["context", "p1"]),
    );
    keeps_concurrent_text(
        wsdoc,
        |d, e| ws::set_private_note(d, "m1", e, 1).unwrap(),
        |d| text_at(d, &["private_notes", "m1"]),
    );

    // The six note sections of a 1:1.
    let (lea, eve) = (Participant::new("l", "Lea"), Participant::new("e", "Eve"));
    let mut series = oo::create("s-1", &lea, &eve, Side::Leader, 0).unwrap();
    let when = rapport_core::domain::one_on_one::parse_local_datetime("2026-03-02T10:00").unwrap();
    let m = oo::propose_meeting(&mut series, &eve.id, when, 30, 1).unwrap();
    for section in Section::ALL {
        let (m, eve) = (m.clone(), eve.clone());
        keeps_concurrent_text(
            series.fork(),
            move |d, e| oo::edit_section(d, &eve.id, &m, section, e, 2).unwrap(),
            |d| {
                let s = oo::load(d).unwrap();
                s.meetings
                    .values()
                    .next()
                    .unwrap()
                    .text(section)
                    .to_string()
            },
        );
    }

    // A development plan's priorities and discussion notes.
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let emp = rapport_core::domain::development::Participant {
        id: "emp".into(),
        name: "Ada".into(),
    };
    let lead = rapport_core::domain::development::Participant {
        id: "lead".into(),
        name: "Lea".into(),
    };
    let mut plan = dp::create("plan-1", &emp, &lead, "emp", today, 0).unwrap();
    keeps_concurrent_text(
        plan.fork(),
        |d, e| dp::set_priorities(d, "emp", e, today, 1).unwrap(),
        |d| text_at(d, &["priorities"]),
    );
    let draft = DiscussionDraft {
        date: today,
        kind: DiscussionKind::InDepth,
        one_on_one_id: None,
        notes: String::new(),
    };
    let disc = dp::record_discussion(&mut plan, "lead", &draft, today, 1).unwrap();
    keeps_concurrent_text(
        plan,
        move |d, e| dp::edit_discussion_notes(d, "emp", &disc, e, 2).unwrap(),
        |d| {
            let p = dp::load(d).unwrap();
            p.discussions
                .values()
                .next()
                .unwrap()
                .notes
                .as_str()
                .to_string()
        },
    );
}
