//! Your data, plainly (issue 15, beyond the backup of R8.2): a shared document as a standard `.automerge` file, the whole
//! workspace as readable JSON, and importing a `.automerge` file as a new document. The
//! checks and the JSON shape are core's (`docs::export`); this module finds the documents and
//! records an imported one in the workspace.

use automerge::AutoCommit;
use leptos::prelude::*;
use rapport_core::docs::workspace::{self, SharedDoc};
use rapport_core::docs::{development_plan, export, one_on_one, performance_plan, DocKind};
use rapport_core::domain::{new_id, Participant, Side};

use super::{now_ms, repo, AppState};

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(48).collect()
}

/// The decrypted bytes of a shared document in Automerge's standard format, and a file name.
pub fn automerge_file(state: AppState, doc_id: &str) -> Result<(String, Vec<u8>), String> {
    let title = state
        .workspace
        .with_untracked(|w| {
            w.as_ref()
                .and_then(|w| w.shared.get(doc_id).map(|e| e.title.clone()))
        })
        .unwrap_or_else(|| "document".into());
    let d = repo::get(doc_id).ok_or("This document is not open yet.")?;
    let bytes = d.borrow_mut().doc.save();
    Ok((format!("{}.automerge", slug(&title)), bytes))
}

/// The private workspace in Automerge's format. Its history may still hold the secret keys of
/// a workspace from before they moved out of the document, so the view offers it only behind
/// an explicit warning; the JSON export never has them.
pub fn workspace_automerge_file(state: AppState) -> Result<(String, Vec<u8>), String> {
    let id = state
        .workspace_id
        .get_untracked()
        .ok_or("The workspace is not open yet.")?;
    let d = repo::get(&id).ok_or("The workspace is not open yet.")?;
    let bytes = d.borrow_mut().doc.save();
    Ok(("rapport-private-workspace.automerge".into(), bytes))
}

/// The workspace and every shared document as one JSON file (no secret keys).
pub async fn workspace_json(state: AppState) -> Result<(String, Vec<u8>), String> {
    let ws_id = state
        .workspace_id
        .get_untracked()
        .ok_or("The workspace is not open yet.")?;
    let shared: Vec<(String, DocKind)> = state
        .workspace
        .with_untracked(|w| {
            w.as_ref().map(|w| {
                w.shared
                    .iter()
                    .map(|(id, e)| (id.clone(), e.kind))
                    .collect()
            })
        })
        .unwrap_or_default();
    // Every month of check-ins and every set of private notes, not only those open (issue
    // 11), after the shared documents.
    let months = repo::list()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|(_, k)| matches!(k, DocKind::CheckIns | DocKind::PrivateNotes));
    let shared: Vec<(String, DocKind)> = shared.into_iter().chain(months).collect();
    let mut docs: Vec<(String, AutoCommit)> = Vec::new();
    for (id, kind) in shared {
        // A document indexed but never stored here (none should be) is left out.
        if let Ok(d) = repo::open(&id, kind).await {
            let copy = d.borrow_mut().doc.fork();
            docs.push((id, copy));
        }
    }
    let ws = repo::get(&ws_id).ok_or("The workspace is not open yet.")?;
    let ws_doc = ws.borrow_mut().doc.fork();
    let refs: Vec<(&str, &AutoCommit)> = docs.iter().map(|(i, d)| (i.as_str(), d)).collect();
    let now = chrono::Utc::now();
    let value =
        export::workspace_export(&ws_doc, &refs, &now.to_rfc3339()).map_err(|e| e.to_string())?;
    let bytes = serde_json::to_vec_pretty(&value).map_err(|e| e.to_string())?;
    Ok((
        format!("rapport-export-{}.json", now.format("%Y-%m-%d")),
        bytes,
    ))
}

/// Imports a `.automerge` file as a NEW shared document (new id, never merged into an
/// existing one), after core's kind, schema and shape checks. I must be one of its two
/// participants. Returns the new id and kind.
pub async fn import_automerge(state: AppState, bytes: &[u8]) -> Result<(String, DocKind), String> {
    let new = new_id();
    let export::Imported {
        doc,
        kind,
        original_id,
    } = export::import_automerge(bytes, &new, now_ms()).map_err(|e| e.to_string())?;
    let (title, leader, employee) = match kind {
        DocKind::OneOnOne => {
            let s = one_on_one::load(&doc).map_err(|e| e.to_string())?;
            (
                format!("1:1s of {} and {}", s.leader.name, s.employee.name),
                (s.leader.id, s.leader.name),
                (s.employee.id, s.employee.name),
            )
        }
        DocKind::PerformancePlan => {
            let p = performance_plan::load(&doc).map_err(|e| e.to_string())?;
            (
                format!("Performance plan of {}", p.employee.name),
                (p.leader.id, p.leader.name),
                (p.employee.id, p.employee.name),
            )
        }
        _ => {
            let p = development_plan::load(&doc).map_err(|e| e.to_string())?;
            (
                format!("Development plan of {}", p.employee.name),
                (p.leader.id, p.leader.name),
                (p.employee.id, p.employee.name),
            )
        }
    };
    // Which side I am: as in my copy of the original document when I have it (my participant
    // id there may be a roster id the other side chose), else by my profile id.
    let (original, me) = state
        .workspace
        .with_untracked(|w| {
            w.as_ref()
                .map(|w| (w.shared.get(&original_id).cloned(), w.profile.id.clone()))
        })
        .ok_or("The workspace is not open yet.")?;
    let entry = match original {
        Some(orig) if orig.kind == kind => SharedDoc {
            title: format!("{title} (imported copy)"),
            their_heads: Vec::new(),
            last_sent_ms: 0,
            last_received_ms: 0,
            their_actors: Vec::new(),
            ..orig
        },
        _ => {
            let (my_side, other) = if leader.0 == me {
                (Side::Leader, employee)
            } else if employee.0 == me {
                (Side::Employee, leader)
            } else {
                return Err(format!(
                    "This document is between {} and {}; you are neither of them, so it cannot be added to your workspace.",
                    leader.1, employee.1
                ));
            };
            // The roster person it is about, if on my team (leader side).
            let roster = state
                .workspace
                .with_untracked(|w| {
                    w.as_ref()
                        .and_then(|w| w.people.get(&other.0).map(|p| p.id.clone()))
                })
                .unwrap_or_default();
            let (my_key, contact_id, counterpart_key) =
                super::sharing::writers_for(state, &roster)?;
            let title = format!("{title} (imported copy)");
            SharedDoc {
                roster_person_id: roster,
                contact_id,
                my_key,
                counterpart_key,
                ..SharedDoc::new(kind, title, my_side, &Participant::new(other.0, other.1))
            }
        }
    };
    repo::insert_new(new.clone(), kind, doc).await?;
    let what = format!("Imported {} from a file", kind.label());
    state.edit_workspace(|d, now| workspace::put_shared(d, &new, &entry, &what, now))?;
    Ok((new, kind))
}
