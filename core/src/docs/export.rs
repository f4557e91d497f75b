//! Your data, plainly (issue 15, beyond the backup of R8.2): documents in forms other programs read.
//!
//! - **`.automerge`**: a shared document's decrypted bytes, `AutoCommit::save()`, the standard
//!   Automerge format any implementation loads (`@automerge/automerge`'s `load`, for one).
//! - **JSON**: the whole workspace and every shared document as plain JSON, the stored keys as
//!   they are (docs/SCHEMA.md; JSON Schema `docs/schema/workspace-export.schema.json`). Secret
//!   keys never appear in it: they travel only in encrypted backups.
//! - **Import** of a `.automerge` file: only a shared kind this version reads, only as a NEW
//!   document under a new id (never merged into one that exists), and only once it loads as
//!   its kind ([`import_automerge`]).

use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, Value, ROOT};
use serde_json::{json, Map, Value as Json};

use super::{
    development_plan, one_on_one, performance_plan, workspace, DocError, DocKind, DocMeta,
};
use crate::sync::limits::PayloadLimits;

/// The `format` field of the JSON export.
pub const JSON_FORMAT: &str = "rapport-export";
/// Version of the JSON export's shape (not of any document's schema).
pub const JSON_VERSION: u64 = 1;

/// Keys of the workspace document that hold secret key material (the legacy identity secret,
/// moved out of the document by `workspace::migrate`): never exported as JSON.
const SECRET_KEYS: [&str; 1] = ["identity_secret"];

/// The document's current state as JSON, the way Automerge's JavaScript `toJS` shows it:
/// maps as objects, lists as arrays, text as strings, counters and numbers as numbers,
/// timestamps as milliseconds, bytes as arrays of numbers.
pub fn doc_json(doc: &impl ReadDoc) -> Json {
    obj_json(doc, &ROOT, ObjType::Map)
}

fn obj_json(doc: &impl ReadDoc, obj: &ObjId, ty: ObjType) -> Json {
    match ty {
        ObjType::Map | ObjType::Table => {
            let mut out = Map::new();
            for item in doc.map_range(obj, ..) {
                out.insert(
                    item.key.to_string(),
                    value_json(doc, Value::from(item.value.clone()), &item.id()),
                );
            }
            Json::Object(out)
        }
        ObjType::List => Json::Array(
            doc.list_range(obj, ..)
                .map(|item| value_json(doc, Value::from(item.value.clone()), &item.id()))
                .collect(),
        ),
        ObjType::Text => Json::String(doc.text(obj).unwrap_or_default()),
    }
}

fn value_json(doc: &impl ReadDoc, v: Value<'_>, id: &ObjId) -> Json {
    use automerge::ScalarValue as S;
    match v {
        Value::Object(ty) => obj_json(doc, id, ty),
        Value::Scalar(s) => match s.as_ref() {
            S::Str(s) => Json::String(s.to_string()),
            S::Int(i) => json!(i),
            S::Uint(u) => json!(u),
            S::F64(f) => json!(f),
            S::Counter(c) => json!(i64::from(c)),
            S::Timestamp(t) => json!(t),
            S::Boolean(b) => json!(b),
            S::Null => Json::Null,
            S::Bytes(b) => json!(b),
            S::Unknown { bytes, .. } => json!(bytes),
        },
    }
}

/// The JSON export of the private workspace and the shared documents given (id, document):
/// `{format, version, exported_at, workspace, documents: [{id, kind, schema, content}]}`.
/// `exported_at` is an RFC 3339 timestamp from the caller's clock.
pub fn workspace_export(
    ws: &AutoCommit,
    shared: &[(&str, &AutoCommit)],
    exported_at: &str,
) -> Result<Json, DocError> {
    super::check(ws, DocKind::Workspace, workspace::SCHEMA)?;
    let mut wjson = doc_json(ws);
    if let Json::Object(m) = &mut wjson {
        for k in SECRET_KEYS {
            m.remove(k);
        }
    }
    let mut documents = Vec::new();
    for (id, doc) in shared {
        let meta = super::meta(*doc)?;
        documents.push(json!({
            "id": id,
            "kind": meta.kind,
            "schema": meta.schema,
            "content": doc_json(*doc),
        }));
    }
    Ok(json!({
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported_at": exported_at,
        "workspace": wjson,
        "documents": documents,
    }))
}

/// Why a `.automerge` file was not imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("This is not an Automerge file Rapport can read ({0}).")]
    NotAutomerge(String),
    #[error("This file holds no Rapport document.")]
    NotRapport,
    #[error("This file holds a {0}; only 1:1 series, development plans and performance plans can be imported.")]
    WrongKind(String),
    #[error("{0}")]
    Doc(#[from] DocError),
}

/// Checks a `.automerge` file and makes it a new, separate document under `new_id`: bounded
/// before Automerge parses it, a known shared kind (1:1 series, development plan, performance plan), a schema
/// this version reads, and it must load as that kind. The copy's `meta.id` is rewritten to
/// `new_id` in a commit of its own, so it can never be mistaken for (or merged into) the
/// document it came from, whose id may be stored here (trust: an id stored here is never new).
/// A checked `.automerge` file, now a new document.
#[derive(Debug)]
pub struct Imported {
    pub doc: AutoCommit,
    pub kind: DocKind,
    /// The id the document had in the file (the one it is a copy of).
    pub original_id: String,
}

pub fn import_automerge(bytes: &[u8], new_id: &str, now_ms: i64) -> Result<Imported, ImportError> {
    super::bounds::check(bytes, &PayloadLimits::SYNC)
        .map_err(|e| ImportError::NotAutomerge(e.to_string()))?;
    let mut doc = AutoCommit::load(bytes).map_err(|e| ImportError::NotAutomerge(e.to_string()))?;
    let meta = super::meta(&doc).map_err(|_| ImportError::NotRapport)?;
    let kind = match meta.kind {
        k @ (DocKind::OneOnOne | DocKind::DevelopmentPlan | DocKind::PerformancePlan) => k,
        k => return Err(ImportError::WrongKind(k.label().to_string())),
    };
    // Kind, schema and shape, before anything changes.
    check_loads(&doc, kind)?;
    let original_id = meta.id.clone();
    let renamed = DocMeta {
        id: new_id.to_string(),
        ..meta
    };
    autosurgeon::reconcile_prop(&mut doc, ROOT, "meta", &renamed).map_err(DocError::from)?;
    super::commit(
        &mut doc,
        "Rapport",
        &format!("Imported from a file as a new {}", kind.label()),
        now_ms,
    );
    check_loads(&doc, kind)?;
    Ok(Imported {
        doc,
        kind,
        original_id,
    })
}

fn check_loads(doc: &AutoCommit, kind: DocKind) -> Result<(), DocError> {
    match kind {
        DocKind::OneOnOne => one_on_one::load(doc).map(|_| ()),
        DocKind::DevelopmentPlan => development_plan::load(doc).map(|_| ()),
        DocKind::PerformancePlan => performance_plan::load(doc).map(|_| ()),
        _ => Err(DocError::Corrupt("not a shared kind".into())),
    }
}
