//! A value typed where a secret's name belongs is refused without being echoed.

use super::{generate, stderr};

const VALUE: &str = "sk_live_51HqFAKEFAKEFAKEFAKE";

#[test]
fn a_secret_value_in_a_flag_is_never_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = generate(tmp.path())
        .args(["--secret", &format!("STRIPE_KEY={VALUE}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("STRIPE_KEY") && !err.contains("sk_live"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).is_empty());
}

#[test]
fn a_secret_value_in_the_answers_file_is_never_printed() {
    let tmp = tempfile::tempdir().unwrap();
    for body in [
        format!("[secrets]\nnames = [\"STRIPE_KEY={VALUE}\"]\n"),
        format!("[secrets]\nnames = \"STRIPE_KEY={VALUE}\"\n"),
        format!("[secrets]\nnames = [\"{VALUE}\"]\n"),
    ] {
        std::fs::write(tmp.path().join("deployplan.toml"), &body).unwrap();
        let out = generate(tmp.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{body}");
        let err = stderr(&out);
        assert!(!err.contains("51HqFAKE"), "{body}: {err}");
        assert!(err.contains("deployplan.toml:2:"), "{err}");
    }
}
