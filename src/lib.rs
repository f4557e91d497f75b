//! Rapport app.
