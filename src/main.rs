//! The module `index.html` loads: Today alone (`rapport::handoff` explains the two modules).
fn main() {
    rapport::start_today();
}
