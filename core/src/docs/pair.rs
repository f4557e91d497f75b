//! What every document shared by a leader and one employee does the same way, whatever its
//! kind (a development plan, a performance plan): checking the two people of a new document
//! and finding who is acting, and on which side, from the `employee` and `leader` root keys.

use automerge::{AutoCommit, ROOT};
use autosurgeon::hydrate_prop;

use super::CommandError;
use crate::domain::development::collapse_spaces;
use crate::domain::{InputError, Participant, Side};

/// The two people of a new document, cleaned, and the creator's display name.
pub(crate) struct NewPair {
    pub employee: Participant,
    pub leader: Participant,
    pub creator_name: String,
}

/// Refuses two people who are the same, or without an id or a name, and a creator who is
/// neither of them.
pub(crate) fn new_pair(
    employee: &Participant,
    leader: &Participant,
    created_by: &str,
) -> Result<NewPair, CommandError> {
    let clean = |p: &Participant| Participant {
        id: p.id.trim().to_string(),
        name: collapse_spaces(&p.name),
    };
    let (employee, leader) = (clean(employee), clean(leader));
    if employee.id.is_empty()
        || leader.id.is_empty()
        || employee.id == leader.id
        || employee.name.is_empty()
        || leader.name.is_empty()
    {
        return Err(InputError::BadParticipants.into());
    }
    let creator_name = if created_by == employee.id {
        employee.name.clone()
    } else if created_by == leader.id {
        leader.name.clone()
    } else {
        return Err(CommandError::NotAParticipant);
    };
    Ok(NewPair {
        employee,
        leader,
        creator_name,
    })
}

/// The acting person's side and display name; refuses anyone not on the document.
pub(crate) fn actor(doc: &AutoCommit, by: &str) -> Result<(Side, String), CommandError> {
    let employee: Participant = hydrate_prop(doc, ROOT, "employee")?;
    if by == employee.id {
        return Ok((Side::Employee, employee.name));
    }
    let leader: Participant = hydrate_prop(doc, ROOT, "leader")?;
    if by == leader.id {
        return Ok((Side::Leader, leader.name));
    }
    Err(CommandError::NotAParticipant)
}

/// Refuses a part of the document that belongs to the other side.
pub(crate) fn only_side(side: Side, needed: Side) -> Result<(), CommandError> {
    match (side == needed, needed) {
        (true, _) => Ok(()),
        (false, Side::Employee) => Err(CommandError::NotAllowed("the employee")),
        (false, Side::Leader) => Err(CommandError::NotAllowed("the leader")),
    }
}

/// The acting person's name, if they are on `needed`'s side.
pub(crate) fn only(doc: &AutoCommit, by: &str, needed: Side) -> Result<String, CommandError> {
    let (side, name) = actor(doc, by)?;
    only_side(side, needed)?;
    Ok(name)
}
