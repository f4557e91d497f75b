pub mod pair;
pub mod year;
