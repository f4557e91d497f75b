//! R7.3 "sync files are small": payload sizes for a year-long 1:1 series (26 biweekly
//! meetings). `cargo test --test sync_sizes -- --nocapture` prints the figures recorded in
//! docs/SYNC_SIZES.md; the bounds below are generous ceilings that catch a regression such as
//! follow-ups accidentally carrying the whole document.

mod support;

use rapport_core::docs::exchange::changes_since;
use rapport_core::docs::one_on_one as oo;
use support::year::{Year, MEETINGS};

fn deflate(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

#[test]
fn r7_3_year_long_series_sync_sizes() {
    let mut fresh = Year::start();
    let created = changes_since(&mut fresh.leader, &[]).len();

    let (mut y, files) = Year::build();
    let one = oo::load(&y.leader).unwrap();
    assert_eq!(one.meetings.len(), MEETINGS);
    assert_eq!(one.actions.len(), 2 * MEETINGS);
    assert_eq!(oo::load(&y.employee).unwrap(), one);

    let first_export = changes_since(&mut y.leader, &[]).len();
    let last = files.last().unwrap();
    let (proposal, notes) = (last.proposal.len(), last.notes.len());
    let avg_notes = files.iter().map(|f| f.notes.len()).sum::<usize>() / files.len();
    let changes = y.leader.get_changes(&[]).len();
    let note_chars: usize = one
        .meetings
        .values()
        .map(|m| {
            rapport_core::domain::one_on_one::Section::ALL
                .into_iter()
                .map(|s| m.text(s).chars().count())
                .sum::<usize>()
        })
        .sum();

    println!("Year-long 1:1 series: {MEETINGS} meetings, {changes} changes, {note_chars} characters of notes");
    println!("  first export of a new (empty) series:      {created:>7} bytes");
    println!("  first export of the year-long series:      {first_export:>7} bytes");
    println!("  follow-up, employee -> leader (proposal + 3 topics): {proposal:>5} bytes");
    println!(
        "  follow-up, leader -> employee (one meeting's notes, topics, actions): {notes:>5} bytes"
    );
    println!("  follow-up notes file, average over the year: {avg_notes:>5} bytes");

    // Follow-ups are raw change chunks; deflate (as an envelope could apply) shows the gain.
    let deflated = deflate(&last.notes);
    println!("  the same leader -> employee follow-up, deflated: {deflated:>5} bytes");

    assert!(created < 2_000, "{created}");
    assert!(first_export < 150_000, "{first_export}");
    assert!(proposal < 3_000, "{proposal}");
    assert!(notes < 30_000, "{notes}");
    // A follow-up carries only the new changes: it must not grow with the series (R7.3).
    let first_notes = files[0].notes.len();
    assert!(
        notes < first_notes * 3 / 2,
        "last {notes} vs first {first_notes}"
    );
    assert!(notes < first_export, "{notes} vs {first_export}");
}
