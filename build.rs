//! `include_dir!` embeds `routines/`, `plans/` and `sounds/` but does not tell cargo about
//! them, so a new, changed or removed file would not rebuild limber. Cargo
//! scans a directory named here for any change inside it.

fn main() {
    println!("cargo:rerun-if-changed=routines");
    println!("cargo:rerun-if-changed=plans");
    println!("cargo:rerun-if-changed=sounds");
}
