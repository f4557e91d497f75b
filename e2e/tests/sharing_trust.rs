//! Issue 8, the takeover: Lea (leader) and Eve (her report) share a 1:1 series. Mal, a contact
//! of Eve's but not part of the series, sends Eve a validly signed, key-encrypted sync file
//! that carries a whole new series under the pair's document id. Eve's Rapport refuses it
//! with a message naming Mal, and the series' content and contact stay as they were.
//!
//! How the forged file is made: Rapport itself never exports a document under someone
//! else's id, so Mal plays a modified client. Her real keys come from her own encrypted
//! backup (downloaded through the UI; backups carry the keys explicitly), Eve's card from
//! Eve's Sharing page, the document id from Eve's address bar; the host then builds the
//! forged series with rapport-core and seals it exactly as the app would (signed by Mal,
//! encrypted to Eve's key).
#![cfg(not(target_arch = "wasm32"))]

use rand_chacha::rand_core::SeedableRng;
use rapport_core::docs::{one_on_one as oo, DocKind};
use rapport_core::domain::one_on_one::{Participant, Side};
use rapport_core::sync::{self, ContactCard, Identity, SealTo, SyncHeaderDraft};
use rapport_e2e::app::{
    confirm_import, create_profile, export_sync_file, open_sync_file, saved, set_input_value,
};
use rapport_e2e::{Browser, StaticServer, TempDir};

const PASSPHRASE: &str = "orange kettle seven maps";
/// Strong enough for the backup form's strength check (random words, not a phrase).
const BACKUP_PASS: &str = "quartz mallow heron ledger tundra";

async fn my_card(b: &Browser) -> String {
    b.goto("/#/sharing").await;
    b.wait_for_text("#my-fingerprint", "-").await;
    b.prop("#my-card-text", "value").await.expect("card text")
}

async fn add_contact(b: &Browser, card: &str, name: &str) {
    b.goto("/#/sharing").await;
    b.fill("#contact-text", card).await;
    b.click_button("Add contact").await;
    b.wait_for_text("ul[aria-label='Contacts']", name).await;
    saved(b).await;
}

#[tokio::test]
async fn a_third_contact_cannot_take_over_a_shared_series() {
    let _server = StaticServer::start_dist();
    let lea = Browser::launch("trust-leader").await;
    let eve = Browser::launch("trust-report").await;
    let mal = Browser::launch("trust-third").await;
    create_profile(&lea, "Lea Leader").await;
    create_profile(&eve, "Eve Employee").await;
    create_profile(&mal, "Mal Other").await;

    // Lea starts the series with Eve and sends it with a passphrase; Eve imports it.
    lea.goto("/#/team").await;
    lea.fill("#add-name", "Eve Employee").await;
    lea.click_button("Add to team").await;
    lea.wait_for_text("ul[aria-label='My team']", "Eve Employee")
        .await;
    lea.goto("/#/one-on-ones").await;
    lea.click("button[aria-label='Start 1:1 series with Eve Employee']")
        .await;
    lea.wait_for_text("h1", "1:1s with Eve Employee").await;
    saved(&lea).await;
    lea.click_button("Send update to").await;
    // The first file carries the whole history: the export panel says so.
    lea.wait_for_text("#export-whole-history", "whole history")
        .await;
    lea.click_button("Send update to").await;
    let first = export_sync_file(&lea, Some(PASSPHRASE)).await;
    let preview = open_sync_file(&eve, &first, Some(PASSPHRASE)).await;
    assert!(preview.contains("New to you"), "{preview}");
    confirm_import(&eve, "1:1s with Lea Leader").await;
    let series_url = eve.current_url().await;
    let doc_id = series_url
        .rsplit('/')
        .next()
        .expect("series id in the address")
        .to_string();
    set_input_value(&eve, "#propose-when", "2026-12-03T10:00").await;
    eve.click_button("Propose 1:1").await;
    eve.wait_for_text(".meeting h2", "3 December 2026").await;
    saved(&eve).await;

    // Eve and Mal know each other: they exchanged contact cards.
    let eve_card = my_card(&eve).await;
    let mal_card = my_card(&mal).await;
    add_contact(&eve, &mal_card, "Mal Other").await;
    add_contact(&mal, &eve_card, "Eve Employee").await;

    // Mal's keys, from her own backup.
    mal.goto("/#/settings").await;
    // Wait for the suggested passphrase first, so it does not replace the one typed here.
    mal.wait_for_text("#backup-pass-strength", "Strength:")
        .await;
    mal.fill("#backup-pass", BACKUP_PASS).await;
    mal.wait_for_text("#backup-pass-strength", "Strength:")
        .await;
    mal.fill("#backup-pass2", BACKUP_PASS).await;
    mal.click_button("Download backup").await;
    let backup = mal.wait_for_download(".rapport-backup").await;
    let (_, keys) = sync::open_backup_with_keys(&std::fs::read(&backup).unwrap(), BACKUP_PASS)
        .expect("Mal's backup opens");
    let mal_id =
        Identity::from_secret_bytes(&keys.expect("the backup carries the keys")).expect("keys");
    let mal_card = ContactCard::from_text(&mal_card).expect("Mal's card");
    let eve_card = ContactCard::from_text(&eve_card).expect("Eve's card");
    assert!(mal_card.same_keys(&mal_id.public(&mal_card.person_id, &mal_card.name).unwrap()));

    // The forgery: a whole series under the pair's id, naming Lea and Eve, whose content
    // would win conflicts on the root keys.
    let eve_p = Participant::new("forged-eve", "Eve Employee");
    let mut forged = oo::create(
        &doc_id,
        &Participant::new("forged-lea", "Lea Leader"),
        &eve_p,
        Side::Leader,
        4_102_444_800_000,
    )
    .unwrap();
    let m = oo::propose_meeting(
        &mut forged,
        &eve_p.id,
        chrono::NaiveDateTime::parse_from_str("2026-12-24T09:00", "%Y-%m-%dT%H:%M").unwrap(),
        45,
        4_102_444_800_001,
    )
    .unwrap();
    oo::add_topic(
        &mut forged,
        &eve_p.id,
        &m,
        "Forged topic",
        4_102_444_800_002,
    )
    .unwrap();
    let draft = SyncHeaderDraft {
        doc_id: doc_id.clone(),
        doc_kind: DocKind::OneOnOne,
        doc_title: "1:1s Lea Leader – Eve Employee".into(),
        sender_heads: rapport_core::docs::exchange::heads_to_hex(&forged.get_heads()),
        base_heads: vec![],
        change_count: 3,
        created_ms: 1_800_000_000_000,
        addressee: None,
    };
    let bytes = sync::seal(
        &draft,
        &forged.save(),
        &mal_id,
        &mal_card,
        SealTo::Contact(&eve_card),
        &mut rand_chacha::ChaCha20Rng::seed_from_u64(8),
    )
    .expect("seal");
    let dir = TempDir::new("forged");
    let file = dir.path().join("forged.rapport-sync");
    std::fs::write(&file, bytes).unwrap();

    // Eve opens it: refused before any preview, with a message that names the sender.
    eve.goto("/#/sharing").await;
    eve.wait_for("#import-file").await;
    eve.upload("#import-file", &file).await;
    let err = eve
        .wait_for_text("#import-error", "not from Lea Leader")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(err.contains("Mal Other"), "{err}");
    assert!(!err.contains("R7") && !err.contains("R8"), "{err}");
    assert_eq!(eve.count("[aria-label='What this file contains']").await, 0);
    eve.screenshot("trust-takeover-refused.png").await;

    // The series is unchanged, and its updates still go to Lea.
    eve.goto(&format!("/#/one-on-ones/{doc_id}")).await;
    eve.wait_for_text("h1", "1:1s with Lea Leader").await;
    eve.wait_for_text(".meeting h2", "3 December 2026").await;
    let page = eve.text("main").await;
    assert!(!page.contains("Forged topic"), "{page}");
    assert!(!page.contains("24 December"), "{page}");
    eve.wait_for_text("button", "Send update to Lea Leader")
        .await;
    eve.reload().await;
    eve.wait_for_text("h1", "1:1s with Lea Leader").await;
    assert!(!eve.text("main").await.contains("Forged topic"));

    lea.close().await;
    eve.close().await;
    mal.close().await;
}
