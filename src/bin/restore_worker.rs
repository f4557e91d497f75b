//! The restore worker (see `rapport::state::restore_workers`): a third WebAssembly module, run
//! in as many Web Workers as the machine has cores while a backup is restored. Each checks and
//! summarises the backup entries it is handed, so the page stays responsive and the work is
//! shared between cores. It holds Automerge and the document types, not the page's code, and
//! is downloaded only when a restore starts.

use rapport::state::restore_workers;

fn main() {
    rapport::worker::serve(
        |data| restore_workers::answer(&data),
        restore_workers::READY,
    );
}
