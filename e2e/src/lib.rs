//! End-to-end harness (filled in below).
