//! Writes combinations to $DEPLOYPLAN_DUMP for a look (ignored test):
//! `DEPLOYPLAN_DUMP=/tmp/out DEPLOYPLAN_DUMP_CASES=kubernetes:gitlab,fly:github cargo test -- --ignored dump`

use deployplan_core::answers::{CiProvider, EnvironmentStrategy};

use crate::support::Case;

#[test]
#[ignore]
fn dump() {
    let dir = std::path::PathBuf::from(std::env::var("DEPLOYPLAN_DUMP").expect("DEPLOYPLAN_DUMP"));
    let cases = std::env::var("DEPLOYPLAN_DUMP_CASES").unwrap_or_else(|_| "render:github".into());
    for case in cases.split(',') {
        let (p, ci) = case.split_once(':').expect("platform:ci");
        let platform = crate::support::platforms()
            .into_iter()
            .find(|x| *x == p)
            .expect("platform id");
        let mut c = Case::new(platform, ci.parse::<CiProvider>().expect("ci id"));
        c.environments = EnvironmentStrategy::PreviewStagingProduction;
        c.workers = true;
        let plan = c.plan();
        for f in deployplan_artifacts::render(&plan).unwrap() {
            let path = dir.join(c.slug()).join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, f.contents).unwrap();
        }
    }
}
