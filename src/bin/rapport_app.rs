//! The whole app, every screen: loaded by the Today module when the page asks for anything
//! but Today (`rapport::handoff`).
fn main() {
    rapport::start();
}
