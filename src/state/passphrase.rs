//! Passphrases (R7.4, R8.2) through the passphrase worker: choosing one, and turning one into
//! a key.
//!
//! zxcvbn's dictionaries would weigh more than the rest of the app, and Argon2id at 64 MiB and
//! 3 passes takes about a second, so strength estimates, generated passphrases and key
//! derivation all happen in a separate WebAssembly module running in a Web Worker
//! (`src/bin/passphrase_worker.rs`, built by Trunk as `passphrase_worker*.js/wasm`). It is
//! started the first time a passphrase is needed, so people who never choose one never
//! download it, and its work never blocks the page. The page only seals and opens with the
//! derived key (`rapport_core::sync::{seal_backup_derived, open_unlocked, …}`).
//!
//! Messages are JSON strings: [`Request`] in, [`Reply`] out, matched by `id`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use rapport_core::sync::{self, Argon2Params, KdfPurpose, PassphraseKey};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

/// What the page asks the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// A fresh generated passphrase (6 words, ~77 bits).
    Generate,
    /// How hard `passphrase` is to guess; `context` lists names an attacker would try first.
    Estimate {
        passphrase: String,
        context: Vec<String>,
    },
    /// The key to seal a new file with, if `passphrase` is strong enough (the same zxcvbn
    /// check the meter shows: the worker refuses a guessable one whatever the page says).
    SealingKey {
        passphrase: String,
        context: Vec<String>,
        purpose: KdfPurpose,
        salt: String,
        params: Argon2Params,
    },
    /// The candidate keys to open a file with (NFC form first, then the form typed).
    OpeningKeys {
        passphrase: String,
        purpose: KdfPurpose,
        salt: String,
        params: Argon2Params,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    pub id: u32,
    #[serde(flatten)]
    pub op: Op,
}

/// A strength estimate, as the meter shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub bits: u32,
    pub acceptable: bool,
    pub label: String,
    pub advice: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Reply {
    pub id: u32,
    pub generated: Option<String>,
    pub verdict: Option<Verdict>,
    /// Derived keys as hex (a message between the page and its own worker, never stored).
    #[serde(default)]
    pub keys: Vec<String>,
}

/// The worker script Trunk writes next to index.html (`data-loader-shim`).
const WORKER_URL: &str = "./passphrase_worker_loader.js";

/// What the worker posts once its module is running. Messages posted before that would be
/// lost (the worker has no message handler while its WebAssembly is still loading), so
/// requests wait in `queue` until then.
pub const READY: &str = "ready";

struct Client {
    worker: web_sys::Worker,
    next_id: u32,
    pending: HashMap<u32, js_sys::Function>,
    ready: bool,
    queue: Vec<String>,
}

thread_local! {
    static CLIENT: RefCell<Option<Rc<RefCell<Client>>>> = const { RefCell::new(None) };
}

fn client() -> Result<Rc<RefCell<Client>>, String> {
    if let Some(c) = CLIENT.with(|c| c.borrow().clone()) {
        return Ok(c);
    }
    let worker = web_sys::Worker::new(WORKER_URL).map_err(|_| unavailable())?;
    let c = Rc::new(RefCell::new(Client {
        worker: worker.clone(),
        next_id: 1,
        pending: HashMap::new(),
        ready: false,
        queue: Vec::new(),
    }));
    let weak = Rc::downgrade(&c);
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(text) = e.data().as_string() else {
                return;
            };
            let Some(c) = weak.upgrade() else { return };
            if text == READY {
                let mut c = c.borrow_mut();
                c.ready = true;
                for request in std::mem::take(&mut c.queue) {
                    let _ = c.worker.post_message(&JsValue::from_str(&request));
                }
                return;
            }
            let Ok(reply) = serde_json::from_str::<Reply>(&text) else {
                return;
            };
            let resolve = c.borrow_mut().pending.remove(&reply.id);
            if let Some(resolve) = resolve {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&text));
            }
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Lives as long as the worker, i.e. the page.
    on_message.forget();
    CLIENT.with(|slot| *slot.borrow_mut() = Some(c.clone()));
    Ok(c)
}

fn unavailable() -> String {
    "The passphrase checker could not start. Reload the page and try again.".into()
}

async fn ask(op: Op) -> Result<Reply, String> {
    let c = client()?;
    let id = {
        let mut c = c.borrow_mut();
        let id = c.next_id;
        c.next_id = c.next_id.wrapping_add(1);
        id
    };
    let text = serde_json::to_string(&Request { id, op }).map_err(|e| e.to_string())?;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        c.borrow_mut().pending.insert(id, resolve);
    });
    {
        let mut c = c.borrow_mut();
        if c.ready {
            c.worker
                .post_message(&JsValue::from_str(&text))
                .map_err(|_| unavailable())?;
        } else {
            c.queue.push(text);
        }
    }
    let answer = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| unavailable())?;
    let answer = answer.as_string().ok_or_else(unavailable)?;
    serde_json::from_str(&answer).map_err(|_| unavailable())
}

/// A generated passphrase, offered by default wherever one is chosen.
pub async fn generate() -> Result<String, String> {
    ask(Op::Generate).await?.generated.ok_or_else(unavailable)
}

/// Rates a passphrase (zxcvbn, in the worker).
pub async fn estimate(passphrase: &str, context: &[String]) -> Result<Verdict, String> {
    ask(Op::Estimate {
        passphrase: passphrase.to_string(),
        context: context.to_vec(),
    })
    .await?
    .verdict
    .ok_or_else(unavailable)
}

/// The key to seal a new sync file or backup with, derived in the worker from a fresh salt.
/// Refused, with the meter's advice, when the passphrase is guessable.
pub async fn sealing_key(
    passphrase: &str,
    context: &[String],
    purpose: KdfPurpose,
) -> Result<PassphraseKey, String> {
    if passphrase.is_empty() {
        return Err("Choose a passphrase first.".into());
    }
    let mut salt = [0u8; 16];
    rand_core::RngCore::fill_bytes(&mut super::sharing::rng(), &mut salt);
    let params = Argon2Params::DEFAULT;
    let reply = ask(Op::SealingKey {
        passphrase: passphrase.to_string(),
        context: context.to_vec(),
        purpose,
        salt: hex::encode(salt),
        params,
    })
    .await?;
    if let Some(v) = reply.verdict.filter(|v| !v.acceptable) {
        return Err(weak_message(&v));
    }
    let key = reply
        .keys
        .first()
        .and_then(|k| key_from_hex(k))
        .ok_or_else(unavailable)?;
    Ok(PassphraseKey { salt, params, key })
}

/// The keys a passphrase may have sealed a file with, derived in the worker from the salt and
/// cost the file names.
pub async fn opening_keys(
    passphrase: &str,
    purpose: KdfPurpose,
    salt: [u8; 16],
    params: Argon2Params,
) -> Result<Vec<Zeroizing<[u8; 32]>>, String> {
    let reply = ask(Op::OpeningKeys {
        passphrase: passphrase.to_string(),
        purpose,
        salt: hex::encode(salt),
        params,
    })
    .await?;
    Ok(reply.keys.iter().filter_map(|k| key_from_hex(k)).collect())
}

/// Why a passphrase is refused, with zxcvbn's advice.
pub fn weak_message(v: &Verdict) -> String {
    format!(
        "This passphrase is {}: someone who gets the file could guess it. {}",
        v.label,
        v.advice.clone().unwrap_or_default()
    )
}

fn key_from_hex(text: &str) -> Option<Zeroizing<[u8; 32]>> {
    let bytes = Zeroizing::new(hex::decode(text).ok()?);
    let mut key = Zeroizing::new([0u8; 32]);
    if bytes.len() != 32 {
        return None;
    }
    key.copy_from_slice(&bytes);
    Some(key)
}

/// The worker's side: answers one request (pure, so the worker bin stays a thin shell).
pub fn answer(request: &str) -> Option<String> {
    use rapport_core::sync::passphrase;
    let request: Request = serde_json::from_str(request).ok()?;
    let reply = match request.op {
        Op::Generate => Reply {
            id: request.id,
            generated: Some(passphrase::generate(&mut super::sharing::rng()).to_string()),
            ..Reply::default()
        },
        Op::Estimate {
            passphrase: p,
            context,
        } => {
            let context: Vec<&str> = context.iter().map(String::as_str).collect();
            Reply {
                id: request.id,
                verdict: Some(verdict(&p, &context)),
                ..Reply::default()
            }
        }
        Op::SealingKey {
            passphrase: p,
            context,
            purpose,
            salt,
            params,
        } => {
            let context: Vec<&str> = context.iter().map(String::as_str).collect();
            let v = verdict(&p, &context);
            let keys = match (v.acceptable, salt_from_hex(&salt)) {
                (true, Some(salt)) => sync::sealing_key(&p, salt, params, purpose)
                    .map(|k| vec![hex::encode(k.key.as_ref())])
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            Reply {
                id: request.id,
                verdict: Some(v),
                keys,
                ..Reply::default()
            }
        }
        Op::OpeningKeys {
            passphrase: p,
            purpose,
            salt,
            params,
        } => Reply {
            id: request.id,
            keys: salt_from_hex(&salt)
                .map(|salt| sync::derive_keys(&p, &salt, params, purpose))
                .unwrap_or_default()
                .iter()
                .map(|k| hex::encode(k.as_ref()))
                .collect(),
            ..Reply::default()
        },
    };
    serde_json::to_string(&reply).ok()
}

fn verdict(passphrase: &str, context: &[&str]) -> Verdict {
    let s = rapport_core::sync::passphrase::estimate(passphrase, context);
    Verdict {
        bits: s.bits,
        acceptable: s.acceptable,
        label: s.label.to_string(),
        advice: s.advice,
    }
}

fn salt_from_hex(text: &str) -> Option<[u8; 16]> {
    hex::decode(text).ok()?.try_into().ok()
}
