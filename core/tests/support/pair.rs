//! Two (or more) people's browsers exchanging sync files with core calls only: identity,
//! workspace, stored shared documents. Shared by the trust tests (`sharing_trust.rs`, which
//! adds its own step-by-step import) and the import tests (`incoming.rs`, which import through
//! `docs::incoming` exactly as the app's `src/state/sharing.rs` does).

#![allow(dead_code)]

use std::collections::BTreeMap;

use automerge::AutoCommit;
use chrono::NaiveDateTime;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rapport_core::docs::exchange;
use rapport_core::docs::incoming::{self, IncomingError, IncomingPreview};
use rapport_core::docs::trust;
use rapport_core::docs::workspace::{self, Contact, SharedDoc, Workspace};
use rapport_core::docs::{max_schema, one_on_one as oo, DocKind};
use rapport_core::domain::one_on_one::{OneOnOne, Participant};
use rapport_core::domain::Side;
use rapport_core::sync::{
    self, Addressee, Argon2Params, ContactCard, Identity, SealTo, SyncHeader, SyncHeaderDraft,
};

/// Argon2id parameters small enough for tests.
pub const FAST: Argon2Params = Argon2Params {
    m_kib: 8,
    t: 1,
    p: 1,
};
pub const SERIES: &str = "series-lea-eve";
/// The passphrase the tests agree on.
pub const PHRASE: &str = "agreed by phone";

/// One person's browser: identity, workspace and stored shared documents.
pub struct Browser {
    pub id: Identity,
    pub card: ContactCard,
    pub ws: AutoCommit,
    pub docs: BTreeMap<String, (DocKind, AutoCommit)>,
    pub seed: u64,
}

/// A file opened by [`Browser::preview`], with what core said of it.
pub struct Previewed {
    pub header: SyncHeader,
    pub payload: Vec<u8>,
    pub file_key: String,
    pub via_passphrase: bool,
    pub preview: IncomingPreview,
}

impl Browser {
    pub fn new(seed: u64, person_id: &str, name: &str) -> Browser {
        let id = Identity::generate(&mut ChaCha20Rng::seed_from_u64(seed));
        let card = id.public(person_id, name).unwrap();
        let ws = workspace::create(&format!("ws-{person_id}"), person_id, name, 0).unwrap();
        Browser {
            id,
            card,
            ws,
            docs: BTreeMap::new(),
            seed,
        }
    }

    pub fn me(&self) -> Participant {
        Participant::new(self.card.person_id.clone(), self.card.name.clone())
    }

    pub fn workspace(&self) -> Workspace {
        workspace::load(&self.ws).unwrap()
    }

    pub fn add_contact(&mut self, card: &ContactCard) {
        let c = Contact {
            person_id: card.person_id.clone(),
            name: card.name.clone(),
            card: card.to_text(),
            fingerprint: card.fingerprint(),
            verified: true,
            added_ms: 0,
            has_my_card: true,
        };
        workspace::put_contact(&mut self.ws, &c, "Added contact", 0).unwrap();
    }

    pub fn entry(&self, doc_id: &str) -> SharedDoc {
        workspace::load(&self.ws).unwrap().shared[doc_id].clone()
    }

    /// Leader side: starts a series with a roster person (employee named by roster id).
    pub fn start_series(&mut self, doc_id: &str, roster_id: &str, name: &str) {
        let employee = Participant::new(roster_id, name);
        let doc = oo::create(doc_id, &self.me(), &employee, Side::Leader, 0).unwrap();
        self.docs.insert(doc_id.into(), (DocKind::OneOnOne, doc));
        let title = format!("1:1s {} – {name}", self.card.name);
        let entry = SharedDoc {
            roster_person_id: roster_id.into(),
            my_key: trust::key_hex(&self.card),
            ..SharedDoc::new(DocKind::OneOnOne, title, Side::Leader, &employee)
        };
        workspace::put_shared(&mut self.ws, doc_id, &entry, "Started", 0).unwrap();
    }

    /// A sync file with what `to` lacks of `doc_id` (whole document when nothing is known),
    /// titled "1:1s"; a passphrase file is addressed to "recipient".
    pub fn export(&mut self, doc_id: &str, to: Option<&ContactCard>) -> Vec<u8> {
        let entry = self.entry(doc_id);
        let base = exchange::heads_from_hex(&entry.their_heads).unwrap();
        let (kind, doc) = self.docs.get_mut(doc_id).unwrap();
        let payload = exchange::changes_since(doc, &base);
        seal_file(
            &self.id, &self.card, doc_id, *kind, doc, &base, &payload, to, self.seed,
        )
    }

    /// The app's export (`src/state/sharing.rs`, `export`): what `to` lacks of `doc_id`, titled
    /// and addressed as the index entry says, sealed to `to`'s key or else to [`PHRASE`]; the
    /// entry then records when it was sent.
    pub fn send(&mut self, doc_id: &str, to: Option<&ContactCard>, now_ms: i64) -> Vec<u8> {
        let entry = self.entry(doc_id);
        let addressee = Addressee {
            person_id: entry.counterpart_id.clone(),
            name: entry.counterpart_name.clone(),
        };
        self.send_addressed(doc_id, to, addressee, now_ms)
    }

    /// [`Browser::send`] with the file addressed to `addressee`.
    pub fn send_addressed(
        &mut self,
        doc_id: &str,
        to: Option<&ContactCard>,
        addressee: Addressee,
        now_ms: i64,
    ) -> Vec<u8> {
        let mut entry = self.entry(doc_id);
        let base = exchange::heads_from_hex(&entry.their_heads).unwrap();
        let (kind, doc) = self.docs.get_mut(doc_id).unwrap();
        let payload = exchange::changes_since(doc, &base);
        let draft = SyncHeaderDraft {
            doc_id: doc_id.into(),
            doc_kind: *kind,
            doc_title: entry.title.clone(),
            sender_heads: exchange::heads_to_hex(&doc.get_heads()),
            base_heads: exchange::heads_to_hex(&base),
            change_count: doc.get_changes(&base).len() as u32,
            created_ms: now_ms,
            addressee: Some(addressee),
        };
        let file = seal_draft(
            &draft,
            &payload,
            &self.id,
            &self.card,
            to,
            self.seed ^ now_ms as u64,
        );
        entry.last_sent_ms = now_ms;
        workspace::put_shared(&mut self.ws, doc_id, &entry, "Exported", now_ms).unwrap();
        file
    }

    pub fn stored_kind(&self, doc_id: &str) -> Option<DocKind> {
        if doc_id == workspace::load(&self.ws).unwrap().meta.id {
            return Some(DocKind::Workspace);
        }
        self.docs.get(doc_id).map(|(k, _)| *k)
    }

    /// The app's `read_file` with core calls: open the envelope, ask `incoming::check`, open
    /// the stored document for an update, then `incoming::preview`. Writes nothing.
    pub fn preview(
        &self,
        file: &[u8],
        passphrase: Option<&str>,
    ) -> Result<Previewed, IncomingError> {
        let ws = self.workspace();
        let contacts: BTreeMap<String, ContactCard> = ws
            .contacts
            .iter()
            .map(|(k, c)| (k.clone(), ContactCard::from_text(&c.card).unwrap()))
            .collect();
        let via_passphrase = sync::inspect(file)?.needs_passphrase();
        let opened = sync::open(file, &self.id, passphrase, &|pid: &str| {
            contacts.get(pid).cloned()
        })?;
        let file_key = sync::file_key(file);
        let stored_kind = self.stored_kind(&opened.header.doc_id);
        let existing = match incoming::check(&ws, stored_kind, &opened.header)? {
            trust::Incoming::Update { .. } => Some(&self.docs[&opened.header.doc_id].1),
            trust::Incoming::New => None,
        };
        let preview = incoming::preview(
            &ws,
            stored_kind,
            &opened.header,
            &opened.payload,
            &file_key,
            existing,
            &self.card.fingerprint(),
        )?;
        Ok(Previewed {
            header: opened.header,
            payload: opened.payload,
            file_key,
            via_passphrase,
            preview,
        })
    }

    /// The app's `apply` with core calls, after the user confirmed `p`: decide again, store or
    /// merge, write the index entry and the sender's contact, remember the file. Returns the
    /// number of new changes.
    pub fn confirm(&mut self, p: &Previewed, now_ms: i64) -> Result<usize, IncomingError> {
        let h = &p.header;
        let kind = h.doc_kind;
        let ws = self.workspace();
        let sent_before = incoming::sent_before(&ws, &h.doc_id);
        let verdict = incoming::recheck(&ws, self.stored_kind(&h.doc_id), h, p.preview.is_new)?;
        let my_key = trust::key_hex(&self.card);
        let new_changes = match verdict {
            trust::Incoming::New => {
                let doc = exchange::receive_new(&h.doc_id, kind, max_schema(kind), &p.payload)?;
                let entry = incoming::entry_for_new(
                    h,
                    &doc,
                    &p.preview.sender_name,
                    &my_key,
                    &p.preview.preview.changes,
                    now_ms,
                    &self.card.fingerprint(),
                )?;
                self.docs.insert(h.doc_id.clone(), (kind, doc));
                workspace::put_shared(&mut self.ws, &h.doc_id, &entry, "Received", now_ms).unwrap();
                p.preview.preview.new_changes
            }
            trust::Incoming::Update { first_reply } => {
                let heads = exchange::heads_from_hex(&h.sender_heads)?;
                let (_, doc) = self.docs.get_mut(&h.doc_id).ok_or(IncomingError::NotOpen)?;
                let report = exchange::merge_by(doc, &p.payload, &heads, p.preview.author.clone())?;
                let entry = incoming::entry_after_merge(
                    ws.shared
                        .get(&h.doc_id)
                        .cloned()
                        .ok_or(IncomingError::NotShared)?,
                    h,
                    &report.changes,
                    first_reply,
                    &my_key,
                    now_ms,
                );
                workspace::put_shared(&mut self.ws, &h.doc_id, &entry, "Merged", now_ms).unwrap();
                report.new_changes
            }
        };
        let known = self.workspace().contacts.get(&h.sender.person_id).cloned();
        let contact =
            incoming::contact_after_import(known, &h.sender, p.via_passphrase, sent_before, now_ms);
        workspace::put_contact(&mut self.ws, &contact, "Updated contact", now_ms).unwrap();
        workspace::note_imported_file(&mut self.ws, &p.file_key, now_ms).unwrap();
        Ok(new_changes)
    }

    /// [`Browser::preview`] then [`Browser::confirm`].
    pub fn receive(
        &mut self,
        file: &[u8],
        passphrase: Option<&str>,
        now_ms: i64,
    ) -> Result<usize, IncomingError> {
        let p = self.preview(file, passphrase)?;
        self.confirm(&p, now_ms)
    }

    pub fn series(&self) -> OneOnOne {
        oo::load(&self.docs[SERIES].1).unwrap()
    }
}

/// Seals `payload` of `doc_id` as a file titled "1:1s": to `to`'s key, else to [`PHRASE`] and
/// addressed to "recipient" (tests that check trust, not addressing).
#[allow(clippy::too_many_arguments)]
pub fn seal_file(
    id: &Identity,
    card: &ContactCard,
    doc_id: &str,
    kind: DocKind,
    doc: &mut AutoCommit,
    base: &[automerge::ChangeHash],
    payload: &[u8],
    to: Option<&ContactCard>,
    seed: u64,
) -> Vec<u8> {
    let draft = SyncHeaderDraft {
        doc_id: doc_id.into(),
        doc_kind: kind,
        doc_title: "1:1s".into(),
        sender_heads: exchange::heads_to_hex(&doc.get_heads()),
        base_heads: exchange::heads_to_hex(base),
        change_count: 1,
        created_ms: 0,
        // Passphrase files must name whom they are for; these tests check trust, not that.
        addressee: to.is_none().then(|| Addressee {
            person_id: "recipient".into(),
            name: "Recipient".into(),
        }),
    };
    seal_draft(
        &draft,
        payload,
        id,
        card,
        to,
        seed ^ doc.get_heads().len() as u64,
    )
}

/// Seals a file described by `draft`: to `to`'s key, else to [`PHRASE`].
pub fn seal_draft(
    draft: &SyncHeaderDraft,
    payload: &[u8],
    id: &Identity,
    card: &ContactCard,
    to: Option<&ContactCard>,
    seed: u64,
) -> Vec<u8> {
    let seal_to = match to {
        Some(c) => SealTo::Contact(c),
        None => SealTo::Passphrase(PHRASE),
    };
    sync::seal_with_params(
        draft,
        payload,
        id,
        card,
        seal_to,
        FAST,
        &mut ChaCha20Rng::seed_from_u64(seed),
    )
    .unwrap()
}

pub fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
}
