//! Writes a few combinations to $DEPLOYPLAN_DUMP for a look (ignored test).

use deployplan_core::answers::{CiProvider, EnvironmentStrategy};

use crate::support::Case;

#[test]
#[ignore]
fn dump() {
    let dir = std::path::PathBuf::from(std::env::var("DEPLOYPLAN_DUMP").unwrap());
    for (p, ci) in [
        ("render", CiProvider::Github),
        ("fly", CiProvider::Github),
        ("heroku", CiProvider::Github),
        ("vercel", CiProvider::Github),
    ] {
        let mut c = Case::new(p, ci);
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
