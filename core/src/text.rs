//! Merging typed text with text that changed underneath it (R8.4: two tabs, or a merged sync
//! file, editing the same field).
//!
//! A text field holds a *base* (the stored text it last showed) and a *draft* (what the
//! person has typed since). When the stored text changes before the draft is committed, a
//! field must not commit its whole draft: that would diff the other editor's insertion away
//! as a deletion. Instead both edits are expressed against the common base and combined the
//! way a sequence CRDT combines them: every inserted character of either side is kept,
//! a base character deleted by either side is gone. Where both sides insert at the same
//! place, the two insertions are ordered by content, so `merge(base, a, b)` equals
//! `merge(base, b, a)` and two tabs converge whichever commits first.
//!
//! Positions are counted in Unicode scalar values (`char`s); the browser's UTF-16 caret
//! offsets are converted at the edge with [`utf16_to_chars`] / [`chars_to_utf16`].

use similar::{capture_diff_slices, Algorithm, DiffOp};

/// What a text field commits: the stored text it was typed against and the typed text.
///
/// `base: None` replaces the stored text with `draft` (forms that submit a whole value).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextEdit {
    pub base: Option<String>,
    pub draft: String,
}

impl TextEdit {
    /// Typing in a field: `draft` was edited from `base`.
    pub fn typed(base: impl Into<String>, draft: impl Into<String>) -> TextEdit {
        TextEdit {
            base: Some(base.into()),
            draft: draft.into(),
        }
    }

    /// The text to store when the stored text is now `current`: the typed edits applied to
    /// it, keeping whatever changed there since `base`.
    pub fn resolve(&self, current: &str) -> String {
        match &self.base {
            Some(base) => merge(base, &self.draft, current),
            None => self.draft.clone(),
        }
    }

    /// Length of the typed text in characters (what length limits check).
    pub fn chars(&self) -> usize {
        self.draft.chars().count()
    }
}

impl From<&str> for TextEdit {
    fn from(s: &str) -> Self {
        TextEdit {
            base: None,
            draft: s.to_string(),
        }
    }
}

impl From<&String> for TextEdit {
    fn from(s: &String) -> Self {
        s.as_str().into()
    }
}

impl From<String> for TextEdit {
    fn from(draft: String) -> Self {
        TextEdit { base: None, draft }
    }
}

/// One side's edits of `base`, per base position.
struct Edits {
    /// `deleted[i]`: base character `i` was deleted.
    deleted: Vec<bool>,
    /// `inserted[p]`: characters inserted before base character `p` (`p == len`: at the end).
    inserted: Vec<Vec<char>>,
}

fn edits(base: &[char], edited: &[char]) -> Edits {
    let mut out = Edits {
        deleted: vec![false; base.len()],
        inserted: vec![Vec::new(); base.len() + 1],
    };
    // Positions are tracked by walking the edit script in order rather than read from the
    // ops: `similar`'s Myers output can report a stale `old_index` on an insertion that
    // follows a deletion (seen with 2.7), while the order and lengths are always right.
    let (mut old, mut new) = (0usize, 0usize);
    for op in capture_diff_slices(Algorithm::Myers, base, edited) {
        let (old_len, new_len) = match op {
            DiffOp::Equal { len, .. } => (len, len),
            DiffOp::Delete { old_len, .. } => (old_len, 0),
            DiffOp::Insert { new_len, .. } => (0, new_len),
            DiffOp::Replace {
                old_len, new_len, ..
            } => (old_len, new_len),
        };
        if !matches!(op, DiffOp::Equal { .. }) {
            out.deleted[old..old + old_len].fill(true);
            out.inserted[old].extend_from_slice(&edited[new..new + new_len]);
        }
        old += old_len;
        new += new_len;
    }
    out
}

/// The result of [`merge_with_carets`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    /// Each caret of `mine`, moved to the same place in `text`.
    pub carets: Vec<usize>,
}

/// Combines the edits `mine` and `theirs` both made to `base` (see the module comment).
pub fn merge(base: &str, mine: &str, theirs: &str) -> String {
    merge_with_carets(base, mine, theirs, &[]).text
}

/// [`merge`], also moving carets (char offsets into `mine`) to the same place in the result:
/// a caret stays after the character it followed, so the other side's edits never move it
/// relative to the person's own text.
pub fn merge_with_carets(base: &str, mine: &str, theirs: &str, carets: &[usize]) -> Merged {
    // Fast paths: the common cases cost one comparison.
    if mine == theirs || theirs == base {
        return Merged {
            text: mine.to_string(),
            carets: carets.to_vec(),
        };
    }
    let base: Vec<char> = base.chars().collect();
    let mine: Vec<char> = mine.chars().collect();
    let theirs: Vec<char> = theirs.chars().collect();
    let m = edits(&base, &mine);
    let t = edits(&base, &theirs);

    let mut out: Vec<char> = Vec::with_capacity(mine.len() + theirs.len());
    // `mine_pos` counts the characters of `mine` accounted for so far; `placed[k]` is where a
    // caret at `mine_pos == k` lands in `out`. A caret sticks to the character before it
    // (the one the person just typed), so the next key continues their own run instead of
    // landing after text the other side inserted at the same place.
    let mut placed: Vec<Option<usize>> = vec![None; mine.len() + 1];
    placed[0] = Some(0);
    let mut mine_pos = 0usize;
    for p in 0..=base.len() {
        let (mi, ti) = (&m.inserted[p], &t.inserted[p]);
        // Same place, both inserted: order by content so the result is symmetric.
        let mine_first = mi <= ti;
        for side_is_mine in [mine_first, !mine_first] {
            if side_is_mine {
                for &c in mi {
                    out.push(c);
                    mine_pos += 1;
                    if let Some(slot) = placed.get_mut(mine_pos) {
                        slot.get_or_insert(out.len());
                    }
                }
            } else {
                out.extend_from_slice(ti);
            }
        }
        if p < base.len() && !m.deleted[p] {
            if !t.deleted[p] {
                out.push(base[p]);
            }
            mine_pos += 1;
            if let Some(slot) = placed.get_mut(mine_pos) {
                slot.get_or_insert(out.len());
            }
        }
    }
    let end = out.len();
    Merged {
        text: out.into_iter().collect(),
        carets: carets
            .iter()
            .map(|&c| placed.get(c).copied().flatten().unwrap_or(end))
            .collect(),
    }
}

/// A UTF-16 offset (what a browser's `selectionStart` counts) as a char offset into `s`.
pub fn utf16_to_chars(s: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in s.chars().enumerate() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    s.chars().count()
}

/// A char offset into `s` as a UTF-16 offset.
pub fn chars_to_utf16(s: &str, chars: usize) -> usize {
    s.chars().take(chars).map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_insertions_survive() {
        let base = "Notes.";
        let a = "Notes. ALPHA from tab one.";
        let b = "BETA from tab two. Notes.";
        assert_eq!(
            merge(base, a, b),
            "BETA from tab two. Notes. ALPHA from tab one."
        );
        assert_eq!(merge(base, a, b), merge(base, b, a));
    }

    #[test]
    fn same_place_insertions_are_ordered_by_content() {
        let m = merge("", "ALPHA from tab one.", "BETA from tab two.");
        assert_eq!(m, "ALPHA from tab one.BETA from tab two.");
        assert_eq!(m, merge("", "BETA from tab two.", "ALPHA from tab one."));
    }

    #[test]
    fn deletions_of_either_side_apply() {
        assert_eq!(
            merge("one two three", "one three", "one two three!"),
            "one three!"
        );
    }

    #[test]
    fn caret_keeps_its_place_in_my_text() {
        // I typed "Hi" and my caret is after it; they prepended a line.
        let r = merge_with_carets("", "Hi", "", &[2]);
        assert_eq!(r.carets, vec![2]);
        let r = merge_with_carets("x", "xHi", "Top\nx", &[3]);
        assert_eq!(r.text, "Top\nxHi");
        assert_eq!(r.carets, vec![7]);
        // Caret in the middle of untouched text, text inserted before it.
        let r = merge_with_carets("abcdef", "abcdef", "12abcdef", &[3]);
        assert_eq!(r.carets, vec![5]);
        // Both typed at the same place: my caret stays right after my own text, so my next
        // key continues my run instead of interleaving with theirs.
        let r = merge_with_carets("", "A", "B", &[1]);
        assert_eq!((r.text.as_str(), r.carets[0]), ("AB", 1));
        let r = merge_with_carets("", "B", "A", &[1]);
        assert_eq!((r.text.as_str(), r.carets[0]), ("AB", 2));
    }

    #[test]
    fn non_ascii_is_safe() {
        let m = merge("café", "café ☕", "🎉 café");
        assert_eq!(m, "🎉 café ☕");
        assert_eq!(utf16_to_chars("🎉a", 2), 1);
        assert_eq!(chars_to_utf16("🎉a", 1), 2);
        assert_eq!(utf16_to_chars("ab", 99), 2);
    }
}
