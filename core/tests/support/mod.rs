pub mod year;
