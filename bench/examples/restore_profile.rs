//! Native profile of a restore's and an import's steps at `large` (issue 11): where the time
//! goes, per document kind, before any of it runs in a browser.
//!
//! ```text
//! cargo run --profile bench-host -p rapport-bench --example restore_profile
//! ```

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use automerge::AutoCommit;
use rapport_bench::{generate_workspace, Generated, Scale};
use rapport_core::docs::{exchange, one_on_one, restore, trust};
use rapport_core::summary;
use rapport_core::sync::{self, ContactCard, Identity};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).expect("a date");
    let g = generate_workspace(Scale::Large, 11, today);
    restore_steps(&g, today);
    import_steps(&g);
}

/// What a restore does per entry: the strict load and checks, encoding it again (what it
/// did before session 10), and its summary.
fn restore_steps(g: &Generated, today: chrono::NaiveDate) {
    let mut t: BTreeMap<(&str, &str), Duration> = BTreeMap::new();
    let mut bytes: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &g.entries {
        let kind = e.kind.as_str();
        *bytes.entry(kind).or_default() += e.bytes.len();
        let s = Instant::now();
        let mut doc = restore::load_entry(e).expect("a generated entry loads");
        *t.entry((kind, "strict load + checks")).or_default() += s.elapsed();
        let s = Instant::now();
        let _ = doc.save();
        *t.entry((kind, "encode again")).or_default() += s.elapsed();
        let s = Instant::now();
        let _ = summary::summarise(&doc);
        *t.entry((kind, "summary")).or_default() += s.elapsed();
        let s = Instant::now();
        let _ = restore::prepare(e, today);
        *t.entry((kind, "prepare (load + summary)")).or_default() += s.elapsed();
    }
    println!("restore, per kind ({:?} bytes):", bytes);
    for ((kind, step), d) in t {
        println!("  {kind:18} {step:26} {:8.1} ms", ms(d));
    }
}

/// What an import of the follow-up file does: the series' preview and merge, against reading
/// the whole merged series (what the check did before session 10).
fn import_steps(g: &Generated) {
    let ws = g.workspace();
    let leader = Identity::from_secret_bytes(&g.identity_secret).expect("the leader's keys");
    let contacts = |pid: &str| {
        ws.contacts
            .get(pid)
            .and_then(|c| ContactCard::from_text(&c.card).ok())
    };
    let opened = sync::open(&g.follow_up.file, &leader, None, &contacts).expect("opens");
    let id = &opened.header.doc_id;
    let series = g
        .entries
        .iter()
        .find(|e| &e.doc_id == id)
        .expect("the series");
    let doc = AutoCommit::load(&series.bytes).expect("loads");
    let heads = exchange::heads_from_hex(&opened.header.sender_heads).expect("heads");
    let author = trust::author_of(ws.shared.get(id).expect("shared"), &opened.header.sender);
    let s = Instant::now();
    let p =
        exchange::preview_by(&doc, id, &opened.payload, &heads, author.clone()).expect("previews");
    let preview = s.elapsed();
    let mut merged = doc.clone();
    let s = Instant::now();
    exchange::merge_by(&mut merged, &opened.payload, &heads, author).expect("merges");
    let merge = s.elapsed();
    let s = Instant::now();
    one_on_one::load(&merged).expect("the merged series loads");
    let whole = s.elapsed();
    println!(
        "import into a series of {} KB: preview {:.1} ms, merge {:.1} ms ({} changes); reading the whole merged series {:.1} ms",
        series.bytes.len() / 1024,
        ms(preview),
        ms(merge),
        p.new_changes,
        ms(whole)
    );
}
