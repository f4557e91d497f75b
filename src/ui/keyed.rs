//! Lists keyed by id whose rows read their data by that id. When an item changes (an edit, a
//! merge, another tab) its row updates in place — its DOM, focus and open panels stay —
//! instead of being dropped and rebuilt, as a `<For>` keyed by content would do. Keys are ids,
//! never content.

use leptos::prelude::*;

/// The rows of a list as `(id, data)`, in display order.
pub struct Keyed<T: Send + Sync + 'static> {
    rows: Memo<Vec<(String, T)>>,
    ids: Memo<Vec<String>>,
}

impl<T: Send + Sync + 'static> Clone for Keyed<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Keyed<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Keyed<T> {
    pub fn new(rows: impl Fn() -> Vec<(String, T)> + Send + Sync + 'static) -> Keyed<T> {
        let rows = Memo::new(move |_| rows());
        let ids = Memo::new(move |_| rows.with(|r| r.iter().map(|(id, _)| id.clone()).collect()));
        Keyed { rows, ids }
    }

    /// The ids in order: what `<For each>` iterates (changes only when rows come, go or move).
    pub fn ids(&self) -> Vec<String> {
        self.ids.get()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.with(|v| v.is_empty())
    }

    pub fn len(&self) -> usize {
        self.ids.with(|v| v.len())
    }

    /// One row's data, following changes to that row only. A row being removed keeps its last
    /// value until `<For>` drops it.
    pub fn row(&self, id: String) -> Memo<T> {
        let rows = self.rows;
        Memo::new(move |prev: Option<&T>| {
            rows.with(|r| r.iter().find(|(k, _)| *k == id).map(|(_, t)| t.clone()))
                .or_else(|| prev.cloned())
                .expect("a row is created only for an id in the list")
        })
    }
}
