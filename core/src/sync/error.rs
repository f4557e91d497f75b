//! Every way importing or making a sync file can be refused (R7.4, R7.5). Each message says
//! what happened and what the user can do about it; the UI shows it as is. A refused import
//! never touches stored data: `open` only returns bytes, merging happens after it succeeds.

use super::identity::ContactError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    // ---- Not a sync file at all / damaged framing (R7.5) ----
    #[error("The file is empty. Ask the sender to export the sync file again and check that the attachment arrived in full.")]
    Empty,
    #[error("This is not a Rapport sync file. Check that you picked the right file: sync files end in .rapport-sync.")]
    NotASyncFile,
    #[error("The sync file is incomplete: it was cut short, for example by an interrupted download or a mail size limit. Ask the sender to send it again.")]
    Truncated,
    #[error("This sync file was made by a newer version of Rapport (format {found}). Update Rapport, then import it again.")]
    NewerFormat { found: u16 },
    #[error("The file is larger than a sync file can be ({limit} bytes), so it was not read. Check that you picked the right file.")]
    TooLarge { limit: usize },

    // ---- Addressed to someone else / needs a passphrase (R7.4) ----
    #[error("This file was made for someone else (the recipient's fingerprint is {intended}, yours is {yours}). Ask the sender to export it for you, from your contact card.")]
    WrongRecipient { intended: String, yours: String },
    #[error("{sender} addressed this file about \"{title}\" to {name}, not to you, so nothing was imported. If it reached you by mistake, delete it and tell {sender}.")]
    AddressedToSomeoneElse {
        name: String,
        sender: String,
        title: String,
    },
    #[error("This file was made for {count} people, and your key (fingerprint {yours}) is not among them. Ask the sender to add you, from your contact card, and to export it again.")]
    NotAmongRecipients { count: usize, yours: String },
    #[error("This file was made for the members of \"{title}\", and you are not one of them, so nothing was imported. If it reached you by mistake, delete it and tell {sender}.")]
    NotATeamMember { sender: String, title: String },
    #[error("This sync file is protected with a passphrase. Enter the passphrase you agreed with the sender.")]
    PassphraseNeeded,
    #[error("The passphrase is wrong, or the file was altered after it was made; an encrypted file cannot tell these two apart. Check the passphrase with the sender; if it is right, ask for a fresh file.")]
    WrongPassphrase,

    // ---- Altered, forged or not from who it claims (R7.4) ----
    #[error("The file was altered or damaged after it was made, so nothing was imported. Ask the sender for a fresh one.")]
    Tampered,
    #[error("The file claims to come from {name}, but its signature does not match: it was altered or forged, so nothing was imported. Ask {name} for a fresh file.")]
    BadSignature { name: String },
    #[error("This file is signed by {name} (fingerprint {fingerprint}), whose contact card you have not imported. Import their card first and compare the fingerprint with them, or ask them to send the file with a passphrase you agree on.")]
    UnknownSender { name: String, fingerprint: String },
    #[error("This file claims to come from {name}, but it was signed with a different key than the one on record for {name}. Do not import it; check with {name} in person or by phone. If they reinstalled Rapport, import their new contact card first.")]
    SenderKeyMismatch { name: String },
    #[error("This is a sync file you made yourself; it is meant for the other person. Send it to them instead of importing it.")]
    OwnFile,
    #[error("The file decrypted correctly but its contents are not valid ({reason}); it was not made by a working copy of Rapport. Nothing was imported; ask the sender for a fresh one.")]
    InvalidContent { reason: String },
    #[error("The private workspace is never shared: only 1:1 series, development plans, performance plans and team objectives travel in sync files.")]
    NotShareable,

    // ---- Refusals when making a file ----
    #[error("Choose a passphrase first; an empty passphrase would not protect the file.")]
    EmptyPassphrase,
    #[error("The recipient's contact card cannot be used ({0}). Ask them for their card again.")]
    BadRecipientCard(ContactError),
    #[error("Your own contact card does not match your keys. Re-create it from the \"My contact card\" screen.")]
    SenderCardMismatch,
    #[error("The document cannot be put in a sync file ({reason}).")]
    InvalidDraft { reason: String },
    #[error(
        "The passphrase strength settings are out of range (at most 64 MiB, 8 passes, 4 lanes)."
    )]
    UnacceptableParams,
}
