//! `cargo run --release -p deployplan-scan --example scan -- DIR [--json]`: the scanner without
//! the CLI (used by scripts/bench-scan.sh when the `deployplan` binary is not built).

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| ".".into());
    let json = args.any(|a| a == "--json");
    match deployplan_scan::scan(std::path::Path::new(&dir)) {
        Ok(facts) if json => println!(
            "{}",
            serde_json::to_string_pretty(&facts).expect("facts serialize")
        ),
        Ok(facts) => print!("{}", deployplan_scan::summary(&facts)),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}
