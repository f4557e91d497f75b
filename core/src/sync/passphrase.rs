//! Passphrases people can live with, and that still hold for years (R7.4, R8.2).
//!
//! A backup holds every key and private note for as long as the file exists, and a
//! passphrase-mode sync file can be guessed offline at leisure; Argon2id only slows each guess
//! down. So:
//!
//! - [`generate`] offers six words from the EFF large wordlist (7,776 words, 12.9 bits each:
//!   77.5 bits), drawn uniformly from the caller's CSPRNG; this is the default everywhere a
//!   passphrase is chosen.
//! - [`estimate`] rates a passphrase the person chose themselves with zxcvbn (dictionaries,
//!   keyboard patterns, dates, l33t, repeats), not a length rule: "Password123!" is long enough
//!   for a length rule and guessed in seconds. [`check`] refuses what is too weak, with
//!   zxcvbn's advice in the message.
//! - [`normalize`] maps a passphrase to Unicode NFC before key derivation, so "café" typed
//!   with a composed é on one system and as e + combining accent on another opens the same file.
//!
//! zxcvbn's dictionaries are large; the app calls [`estimate`] only from its passphrase worker
//! (src/bin/passphrase_worker.rs), never from the main bundle, so they load only when a
//! passphrase is being chosen.

use rand_core::CryptoRngCore;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

/// Words in a generated passphrase: 6 × log2(7776) ≈ 77.5 bits.
pub const GENERATED_WORDS: usize = 6;

/// The least zxcvbn's estimate of guesses (log10) we accept for a chosen passphrase: 10^12
/// (~40 bits). With Argon2id at 64 MiB and 3 passes, each guess costs an attacker the memory
/// and time of a fraction of a second of one core; 10^12 of them are out of reach, where
/// zxcvbn's "very strong" (10^10) is not quite, for a file kept for years.
pub const MIN_GUESSES_LOG10: f64 = 12.0;

/// The words generated passphrases are drawn from: the EFF large wordlist (CC BY 3.0,
/// Electronic Frontier Foundation), as packaged by the `diceware_wordlists` crate.
pub fn wordlist() -> &'static [&'static str] {
    &diceware_wordlists::EFF_LONG_WORDLIST
}

/// A fresh passphrase of [`GENERATED_WORDS`] words separated by spaces.
pub fn generate(rng: &mut impl CryptoRngCore) -> Zeroizing<String> {
    let words = wordlist();
    let mut out = Zeroizing::new(String::new());
    for i in 0..GENERATED_WORDS {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(words[uniform(rng, words.len() as u32) as usize]);
    }
    out
}

/// Entropy of a generated passphrase, in bits.
pub fn generated_bits() -> f64 {
    GENERATED_WORDS as f64 * (wordlist().len() as f64).log2()
}

/// A uniform number below `n` (rejection sampling: `next_u32() % n` would favour small ones).
fn uniform(rng: &mut impl CryptoRngCore, n: u32) -> u32 {
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let x = rng.next_u32();
        if x < zone {
            return x % n;
        }
    }
}

/// Unicode NFC: the form key derivation sees (see the module docs).
pub fn normalize(passphrase: &str) -> Zeroizing<String> {
    Zeroizing::new(passphrase.nfc().collect())
}

/// How hard a passphrase is to guess, for the strength meter and the refusal message.
#[derive(Debug, Clone, PartialEq)]
pub struct Strength {
    /// zxcvbn's estimate of the guesses needed, as a power of ten.
    pub guesses_log10: f64,
    /// The same in bits (log2 of the guesses), rounded down.
    pub bits: u32,
    /// Whether it is strong enough to protect a file ([`MIN_GUESSES_LOG10`]).
    pub acceptable: bool,
    /// A word for the meter: "very weak" … "strong".
    pub label: &'static str,
    /// What makes it guessable, and what to do instead (zxcvbn's feedback), for weak ones.
    pub advice: Option<String>,
}

/// Rates `passphrase`. `context` lists words an attacker would try first: the names of the
/// people involved, "rapport".
pub fn estimate(passphrase: &str, context: &[&str]) -> Strength {
    let normalized = normalize(passphrase);
    if normalized.trim().is_empty() {
        return Strength {
            guesses_log10: 0.0,
            bits: 0,
            acceptable: false,
            label: "empty",
            advice: Some("Type a passphrase, or use the generated one.".into()),
        };
    }
    let mut inputs: Vec<&str> = context.to_vec();
    inputs.push("rapport");
    let entropy = zxcvbn::zxcvbn(&normalized, &inputs);
    let guesses_log10 = entropy.guesses_log10();
    let acceptable = guesses_log10 >= MIN_GUESSES_LOG10;
    let label = match guesses_log10 {
        g if g < 6.0 => "very weak",
        g if g < 9.0 => "weak",
        g if g < MIN_GUESSES_LOG10 => "not strong enough",
        g if g < 16.0 => "good",
        _ => "strong",
    };
    let advice = (!acceptable).then(|| {
        let mut parts: Vec<String> = Vec::new();
        if let Some(f) = entropy.feedback() {
            if let Some(w) = f.warning() {
                parts.push(w.to_string());
            }
            parts.extend(f.suggestions().iter().map(|s| s.to_string()));
        }
        parts.push("Adding uncommon words helps most; the generated passphrase is strong.".into());
        parts.join(" ")
    });
    Strength {
        guesses_log10,
        bits: (guesses_log10 * std::f64::consts::LOG2_10) as u32,
        acceptable,
        label,
        advice,
    }
}

/// Refuses a passphrase that is too easy to guess; the error says why and what to do.
pub fn check(passphrase: &str, context: &[&str]) -> Result<Strength, WeakPassphrase> {
    let s = estimate(passphrase, context);
    if s.acceptable {
        Ok(s)
    } else {
        Err(WeakPassphrase {
            label: s.label,
            advice: s.advice.unwrap_or_default(),
        })
    }
}

/// A passphrase [`check`] refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("This passphrase is {label}: someone who gets the file could guess it. {advice}")]
pub struct WeakPassphrase {
    pub label: &'static str,
    pub advice: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    #[test]
    fn generated_passphrases_are_six_uniform_words_of_77_bits() {
        assert_eq!(wordlist().len(), 7776);
        assert!(generated_bits() > 77.0);
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        let a = generate(&mut rng);
        let b = generate(&mut rng);
        assert_ne!(*a, *b);
        assert_eq!(a.split(' ').count(), GENERATED_WORDS);
        assert!(a.split(' ').all(|w| wordlist().contains(&w)));
        // zxcvbn agrees they are strong (it cannot know they are random, so it rates them
        // lower than their true 77 bits, yet well above the threshold).
        for _ in 0..20 {
            let p = generate(&mut rng);
            let s = check(&p, &["Alice", "Bob"]).unwrap();
            assert!(s.guesses_log10 >= MIN_GUESSES_LOG10, "{} {s:?}", *p);
        }
    }

    #[test]
    fn uniform_draws_cover_the_whole_range() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let mut seen = [false; 6];
        for _ in 0..200 {
            seen[uniform(&mut rng, 6) as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn guessable_passphrases_are_refused_with_advice() {
        for weak in [
            "password",
            "Password123!",
            "qwertyuiop",
            "alice2024",
            "correct horse",
            "rapport rapport",
            "1234567890123",
        ] {
            let err = check(weak, &["Alice", "Bob"]).unwrap_err();
            let text = err.to_string();
            assert!(text.contains("could guess it"), "{weak}: {text}");
            assert!(text.contains("generated passphrase"), "{weak}: {text}");
        }
        // Long is not the same as strong: a length rule would let this through.
        assert!(check("aaaaaaaaaaaaaaaaaaaaaaaa", &[]).is_err());
        assert!(check("   ", &[]).is_err());
        // A chosen passphrase of several uncommon words passes.
        check("velvet quarry mosaic tundra lantern", &[]).unwrap();
    }

    #[test]
    fn composed_and_decomposed_forms_normalise_to_the_same() {
        let composed = "caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e";
        let decomposed = "cafe\u{301} cre\u{300}me bru\u{302}le\u{301}e";
        assert_ne!(composed, decomposed);
        assert_eq!(*normalize(composed), *normalize(decomposed));
        assert_eq!(*normalize(composed), composed);
    }
}
