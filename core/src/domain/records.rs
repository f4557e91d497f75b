//! Maps of records read in one pass per record (issue 11). autosurgeon's derived `Hydrate` asks
//! for each field by name, each a lookup in Automerge's op set; at five years a document holds
//! tens of thousands of records, and those lookups were most of the time spent reading it. A
//! record is instead read by one `map_range` over its fields ([`Record`]) and converted by hand;
//! one that is not in the form this release writes is hydrated by autosurgeon, so the result is
//! always what the derived `Hydrate` gives. Plugged into a struct's field with
//! `#[autosurgeon(hydrate = "...")]`.

use std::collections::BTreeMap;

use automerge::iter::MapRangeItem;
use automerge::{ObjId, ObjType, ScalarValueRef, Value, ValueRef};
use autosurgeon::{Hydrate, HydrateError, Prop, ReadDoc};
use chrono::NaiveDate;

/// The map of records at `obj[prop]`, each read by `read_one` (`None`: not in the expected
/// form, hydrated by autosurgeon instead).
pub fn hydrate_records<D: ReadDoc, T: Hydrate>(
    doc: &D,
    obj: &ObjId,
    prop: Prop<'_>,
    read_one: impl Fn(&D, &ObjId) -> Option<T>,
) -> Result<BTreeMap<String, T>, HydrateError> {
    let map = match doc.get(obj, &prop)? {
        Some((Value::Object(ObjType::Map), id)) => id,
        _ => return Hydrate::hydrate(doc, obj, prop),
    };
    let mut out = BTreeMap::new();
    for item in doc.map_range(&map, ..) {
        let fast = match item.value {
            ValueRef::Object(ObjType::Map) => read_one(doc, &item.id()),
            _ => None,
        };
        let record = match fast {
            Some(r) => r,
            None => T::hydrate(doc, &map, Prop::Key(item.key.clone()))?,
        };
        out.insert(item.key.into_owned(), record);
    }
    Ok(out)
}

/// A record read in one pass over its map, `None` when it is in another form.
pub trait OnePass: Hydrate + Sized {
    fn read_one<D: ReadDoc>(doc: &D, obj: &ObjId) -> Option<Self>;
}

/// A map of [`OnePass`] records as a field's hydrator:
/// `#[autosurgeon(hydrate = "crate::domain::records::hydrate_map")]`.
pub fn hydrate_map<D: ReadDoc, T: OnePass>(
    doc: &D,
    obj: &ObjId,
    prop: Prop<'_>,
) -> Result<BTreeMap<String, T>, HydrateError> {
    hydrate_records(doc, obj, prop, T::read_one)
}

/// The fields of one record, read in one pass over its map (a record has a handful of keys: a
/// linear search in them beats a lookup in the op set per field). Each accessor takes only the
/// exact form autosurgeon takes for that type, and says `None` for anything else.
pub struct Record<'a>(Vec<MapRangeItem<'a>>);

impl<'a> Record<'a> {
    pub fn of<D: ReadDoc>(doc: &'a D, obj: &ObjId) -> Record<'a> {
        Record(doc.map_range(obj, ..).collect())
    }

    fn item(&self, key: &str) -> Option<&MapRangeItem<'a>> {
        self.0.iter().find(|i| i.key == key)
    }

    /// The map object at `key`.
    pub fn object(&self, key: &str) -> Option<ObjId> {
        self.item(key)
            .filter(|i| matches!(i.value, ValueRef::Object(ObjType::Map)))
            .map(|i| i.id())
    }

    fn scalar(&self, key: &str) -> Option<&ScalarValueRef<'a>> {
        match &self.item(key)?.value {
            ValueRef::Scalar(s) => Some(s),
            ValueRef::Object(_) => None,
        }
    }

    pub fn string(&self, key: &str) -> Option<String> {
        match self.scalar(key)? {
            ScalarValueRef::Str(s) => Some(s.to_string()),
            _ => None,
        }
    }

    /// A string with `missing = "Default::default"`: absent is empty.
    pub fn string_or_empty(&self, key: &str) -> Option<String> {
        match self.item(key) {
            None => Some(String::new()),
            Some(_) => self.string(key),
        }
    }

    pub fn int(&self, key: &str) -> Option<i64> {
        match self.scalar(key)? {
            ScalarValueRef::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// A list of strings (`Vec<String>`); absent is `missing` (`None`: the field is required).
    pub fn strings<D: ReadDoc>(
        &self,
        doc: &D,
        key: &str,
        missing: Option<Vec<String>>,
    ) -> Option<Vec<String>> {
        let Some(item) = self.item(key) else {
            return missing;
        };
        if !matches!(item.value, ValueRef::Object(ObjType::List)) {
            return None;
        }
        doc.list_range(item.id(), ..)
            .map(|i| match i.value {
                ValueRef::Scalar(ScalarValueRef::Str(s)) => Some(s.to_string()),
                _ => None,
            })
            .collect()
    }

    /// Whether `key` is absent or an empty list (a `Vec` with `missing = "Default::default"`
    /// that holds nothing).
    pub fn no_items<D: ReadDoc>(&self, doc: &D, key: &str) -> bool {
        match self.item(key) {
            None => true,
            Some(i) => {
                matches!(i.value, ValueRef::Object(ObjType::List))
                    && doc.list_range(i.id(), ..).next().is_none()
            }
        }
    }

    pub fn float(&self, key: &str) -> Option<f64> {
        match self.scalar(key)? {
            ScalarValueRef::F64(f) => Some(*f),
            _ => None,
        }
    }

    pub fn count(&self, key: &str) -> Option<u32> {
        match self.scalar(key)? {
            ScalarValueRef::Uint(u) => u32::try_from(*u).ok(),
            _ => None,
        }
    }

    /// [`crate::domain::iso_date`].
    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        crate::dates::parse_iso(&self.string(key)?)
    }

    /// [`crate::domain::iso_date_opt`] with `missing = "Default::default"`: absent, null or
    /// empty is no date.
    pub fn date_opt(&self, key: &str) -> Option<Option<NaiveDate>> {
        match self.item(key).map(|i| &i.value) {
            None | Some(ValueRef::Scalar(ScalarValueRef::Null)) => Some(None),
            Some(ValueRef::Scalar(ScalarValueRef::Str(s))) if s.is_empty() => Some(None),
            Some(ValueRef::Scalar(ScalarValueRef::Str(s))) => crate::dates::parse_iso(s).map(Some),
            Some(_) => None,
        }
    }
}
