//! The hydrated private workspace: profile, settings, roster, check-ins, personal context,
//! contacts and the index of shared documents (stored by `crate::docs::workspace`).

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile, Text};

use super::shared::{DocKind, DocMeta, Participant, Side};
use super::{CheckIn, Person, WorkWeek};

#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile)]
pub struct Profile {
    /// Stable id of the person who owns this workspace.
    pub id: String,
    pub name: String,
    /// The name of my own leader, if I have one (a person can lead and be led).
    #[autosurgeon(missing = "Default::default")]
    pub leader_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile)]
pub struct Settings {
    pub work_week: WorkWeek,
    /// R1.4: flag people not connected with for this many working days.
    pub flag_after_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            work_week: WorkWeek::default(),
            flag_after_days: 2,
        }
    }
}

/// The hydrated workspace.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Workspace {
    pub meta: DocMeta,
    pub profile: Profile,
    pub settings: Settings,
    pub people: BTreeMap<String, Person>,
    #[autosurgeon(hydrate = "crate::domain::checkin::hydrate_all")]
    pub checkins: BTreeMap<String, CheckIn>,
    /// R1.3: private personal-context notes, keyed by person id.
    pub context: BTreeMap<String, Text>,
    /// LEGACY (read only, for migration): older builds kept this person's secret keys here
    /// as hex. A value put in an Automerge document stays in its history forever, so keys
    /// now live in their own IndexedDB record (app `state::keys`) and travel in backups
    /// explicitly; [`take_identity_secret`] moves them out and removes this key.
    #[autosurgeon(missing = "Default::default")]
    pub identity_secret: String,
    /// Contact cards of the people I exchange files with, keyed by their person id (R7.4).
    #[autosurgeon(missing = "Default::default")]
    pub contacts: BTreeMap<String, Contact>,
    /// Shared documents I take part in, keyed by document id (R7.1, R7.3). Read a record per
    /// pass (`read_shared`): at fifty people there are 150 entries or more, and reading them
    /// field by field was most of every page's reading of the workspace.
    #[autosurgeon(hydrate = "read_shared")]
    pub shared: BTreeMap<String, SharedDoc>,
    /// R3.8: my private notes about a 1:1 meeting, keyed by meeting id. Never in a sync file.
    #[autosurgeon(missing = "Default::default")]
    pub private_notes: BTreeMap<String, Text>,
    /// Ids of sync files already imported (hex) -> when, to recognise a replayed file (R7.5).
    #[autosurgeon(missing = "Default::default")]
    pub imported_files: BTreeMap<String, i64>,
}

/// The index of shared documents (absent in a workspace from before it: empty), each entry read
/// in one pass, or by autosurgeon when it is in any other form (a team entry with its members).
pub(crate) fn read_shared<D: autosurgeon::ReadDoc>(
    doc: &D,
    obj: &automerge::ObjId,
    prop: autosurgeon::Prop<'_>,
) -> Result<BTreeMap<String, SharedDoc>, autosurgeon::HydrateError> {
    if doc.get(obj, &prop)?.is_none() {
        return Ok(BTreeMap::new());
    }
    super::records::hydrate_map(doc, obj, prop)
}

impl super::records::OnePass for SharedDoc {
    fn read_one<D: autosurgeon::ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Option<Self> {
        shared_doc_of(doc, obj)
    }
}

/// One index entry of a pair document as this release writes it; `None` for anything else
/// (a team entry's members included: there is one such entry per team, autosurgeon reads it).
pub(crate) fn shared_doc_of<D: autosurgeon::ReadDoc>(
    doc: &D,
    obj: &automerge::ObjId,
) -> Option<SharedDoc> {
    let r = super::records::Record::of(doc, obj);
    if !r.no_items(doc, "members") {
        return None;
    }
    let my_side = match r.string("my_side")?.as_str() {
        "Leader" => Side::Leader,
        "Employee" => Side::Employee,
        _ => return None,
    };
    Some(SharedDoc {
        kind: DocKind::parse(&r.string("kind")?)?,
        title: r.string("title")?,
        my_side,
        counterpart_id: r.string("counterpart_id")?,
        counterpart_name: r.string("counterpart_name")?,
        roster_person_id: r.string_or_empty("roster_person_id")?,
        contact_id: r.string_or_empty("contact_id")?,
        their_heads: r.strings(doc, "their_heads", None)?,
        last_sent_ms: r.int("last_sent_ms")?,
        last_received_ms: r.int("last_received_ms")?,
        my_key: r.string_or_empty("my_key")?,
        counterpart_key: r.string_or_empty("counterpart_key")?,
        their_actors: r.strings(doc, "their_actors", Some(Vec::new()))?,
        my_id: r.string_or_empty("my_id")?,
        members: Vec::new(),
    })
}

/// Someone whose contact card I imported.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile)]
pub struct Contact {
    pub person_id: String,
    pub name: String,
    /// The card as its copyable text: holds the public keys and their self-signature.
    pub card: String,
    pub fingerprint: String,
    /// Set once the fingerprint was compared out of band.
    pub verified: bool,
    pub added_ms: i64,
    /// Whether they are known to hold my card, so files to them can use their key (R7.4):
    /// true once they sent me a key-encrypted file, or replied after I sent them one (every
    /// sync file carries the sender's card).
    #[autosurgeon(missing = "Default::default")]
    pub has_my_card: bool,
}

/// My index entry for a shared document. It links the three names one person has here: the
/// roster person (`roster_person_id`, leader side), their contact card (`contact_id`) and
/// their participant id inside the document (`counterpart_id`); and it records the document's
/// writers by signing key (`my_key`, `counterpart_key`), which decides whose files may touch
/// it (`docs::trust`, docs/WRITERS.md).
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile)]
pub struct SharedDoc {
    pub kind: DocKind,
    pub title: String,
    pub my_side: Side,
    /// The other participant's id inside the shared document.
    pub counterpart_id: String,
    pub counterpart_name: String,
    /// The roster person this document is about, when I am the leader.
    #[autosurgeon(missing = "Default::default")]
    pub roster_person_id: String,
    /// The counterpart's contact (person id of their card) once known.
    #[autosurgeon(missing = "Default::default")]
    pub contact_id: String,
    /// Heads the counterpart is known to have (hex): the next file carries only newer changes (R7.3).
    pub their_heads: Vec<String>,
    pub last_sent_ms: i64,
    pub last_received_ms: i64,
    /// My Ed25519 signing key (hex) when the document was created or first received here.
    #[autosurgeon(missing = "Default::default")]
    pub my_key: String,
    /// The counterpart's Ed25519 signing key (hex): recorded when the document is created for
    /// someone whose card is known, when it is first received (the signer), or from the first
    /// reply to a document created here. Empty until then. Only this key may send updates.
    #[autosurgeon(missing = "Default::default")]
    pub counterpart_key: String,
    /// Automerge actors (hex) whose changes arrived in files from the counterpart: history
    /// shows the counterpart's stored name for them, and mine for every other actor, instead
    /// of the names the changes claim.
    #[autosurgeon(missing = "Default::default")]
    pub their_actors: Vec<String>,
    /// My participant id in the document when no side names me: a member of a team document
    /// (the id the leader gave me there, learned from the first team file's recipients).
    #[autosurgeon(missing = "Default::default")]
    pub my_id: String,
    /// Team documents on the leader's side: one channel per member, since a team document has
    /// many writers (R2.5). Empty for pair documents and on a member's side, where the leader
    /// is the counterpart above: files travel through the leader.
    #[autosurgeon(missing = "Default::default")]
    pub members: Vec<TeamChannel>,
}

/// What the leader knows of one member of a team document: who they are in it, their key (the
/// only one accepted for their changes while they are on the team), and what they hold, so
/// the next team file carries only what some member lacks (R7.3).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct TeamChannel {
    /// Their id in the team document (the roster id the leader gave them).
    pub person_id: String,
    pub name: String,
    /// Their contact (person id of their card).
    pub contact_id: String,
    /// Their Ed25519 signing key (hex).
    pub key: String,
    /// Heads they are known to have (hex); empty = nothing yet, the next file is whole.
    pub their_heads: Vec<String>,
    pub last_sent_ms: i64,
    pub last_received_ms: i64,
    /// Automerge actors of the changes that arrived in their files (history names them).
    pub actors: Vec<String>,
    /// Left the team: no more files to them, and their key is refused for new changes.
    pub left: bool,
}

impl SharedDoc {
    /// A new entry for a document shared with `counterpart`: nothing sent or received yet, no
    /// writers' keys recorded (callers set what they know with struct-update syntax).
    pub fn new(
        kind: DocKind,
        title: String,
        my_side: Side,
        counterpart: &Participant,
    ) -> SharedDoc {
        SharedDoc {
            kind,
            title,
            my_side,
            counterpart_id: counterpart.id.clone(),
            counterpart_name: counterpart.name.clone(),
            roster_person_id: String::new(),
            contact_id: String::new(),
            their_heads: Vec::new(),
            last_sent_ms: 0,
            last_received_ms: 0,
            my_key: String::new(),
            counterpart_key: String::new(),
            their_actors: Vec::new(),
            my_id: String::new(),
            members: Vec::new(),
        }
    }

    /// The channel of the team member whose signing key is `key`, if they are still on the team.
    pub fn active_member_by_key(&self, key: &str) -> Option<&TeamChannel> {
        self.members
            .iter()
            .find(|m| !m.left && !m.key.is_empty() && m.key == key)
    }
}

impl Workspace {
    /// Active people (not archived), sorted by name.
    pub fn active_people(&self) -> Vec<&Person> {
        let mut v: Vec<&Person> = self.people.values().filter(|p| !p.is_archived()).collect();
        v.sort_by_key(|p| p.name.to_lowercase());
        v
    }

    pub fn archived_people(&self) -> Vec<&Person> {
        let mut v: Vec<&Person> = self.people.values().filter(|p| p.is_archived()).collect();
        v.sort_by_key(|p| p.name.to_lowercase());
        v
    }

    pub fn context_of(&self, person_id: &str) -> &str {
        self.context
            .get(person_id)
            .map(|t| t.as_str())
            .unwrap_or("")
    }
}
