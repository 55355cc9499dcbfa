//! What the scan reads of git's own files, without running git: where the repository's git
//! folder is (a clone's `.git`, or a worktree's `gitdir:`), and the code host its `origin`
//! remote points to.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use deployplan_core::facts::{CodeHost, CodeHostRepo, Evidence};

/// The git folder of the repository at `root`: `.git`, or the folder a worktree's or a
/// submodule's `.git` file names (`gitdir: ...`).
pub(crate) fn git_dir(root: &Path) -> Option<PathBuf> {
    let dot_git = root.join(".git");
    let meta = std::fs::symlink_metadata(&dot_git).ok()?;
    if meta.is_dir() {
        return Some(dot_git);
    }
    let text = String::from_utf8(read_limited(&dot_git, 4096)?).ok()?;
    let gitdir = text.trim().strip_prefix("gitdir:")?.trim();
    let dir = Path::new(gitdir);
    Some(if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        root.join(dir)
    })
}

/// A regular file's bytes, at most `limit` (None for links, FIFOs and larger files).
pub(crate) fn read_limited(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > limit {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    (bytes.len() as u64 <= limit).then_some(bytes)
}

/// The config file of a git folder: a worktree's lives in the common folder its
/// `commondir` file names.
fn config_path(git_dir: &Path) -> PathBuf {
    let common = read_limited(&git_dir.join("commondir"), 4096)
        .and_then(|b| String::from_utf8(b).ok())
        .map(|c| {
            let c = Path::new(c.trim());
            if c.is_absolute() {
                c.to_path_buf()
            } else {
                git_dir.join(c)
            }
        });
    common
        .unwrap_or_else(|| git_dir.to_path_buf())
        .join("config")
}

/// The repository's `origin` on GitHub, GitLab or Bitbucket, with the config line as
/// evidence; None without a git folder, an `origin`, or on another host.
pub fn code_host(root: &Path) -> Option<CodeHostRepo> {
    let path = config_path(&git_dir(root)?);
    let text = String::from_utf8(read_limited(&path, 256 * 1024)?).ok()?;
    let (line, url) = origin_url(&text)?;
    let (host, slug) = parse_remote(url)?;
    Some(CodeHostRepo {
        host,
        slug,
        evidence: Evidence {
            path: ".git/config".into(),
            line: Some(line),
            rule: "git/remote:origin".into(),
        },
    })
}

/// The `url` of the `[remote "origin"]` section, with its line number (1-based).
fn origin_url(config: &str) -> Option<(u32, &str)> {
    let mut in_origin = false;
    for (n, raw) in config.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('[') {
            // `[remote "origin"]`; section names are case-insensitive, subsection names not.
            let header = line.trim_start_matches('[').trim_end_matches(']');
            let (section, sub) = header
                .split_once(char::is_whitespace)
                .unwrap_or((header, ""));
            in_origin = section.eq_ignore_ascii_case("remote") && sub.trim() == "\"origin\"";
            continue;
        }
        if in_origin
            && let Some((key, value)) = line.split_once('=')
            && key.trim().eq_ignore_ascii_case("url")
        {
            let value = value.trim().trim_matches('"');
            return (!value.is_empty()).then(|| (n as u32 + 1, value));
        }
    }
    None
}

/// `git@github.com:owner/name.git`, `https://github.com/owner/name`,
/// `ssh://git@gitlab.com/group/sub/name.git`, `https://user@bitbucket.org/owner/name.git`
/// → the host and `owner/name`.
fn parse_remote(url: &str) -> Option<(CodeHost, String)> {
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest,
        // scp-like syntax: `user@host:path`.
        None => url,
    };
    let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
    let (host, path) = match rest.split_once(['/', ':']) {
        Some((h, p)) => (h, p),
        None => return None,
    };
    // `host:port/path` in a URL: drop the port.
    let path = match path.split_once('/') {
        Some((port, p)) if port.chars().all(|c| c.is_ascii_digit()) && !port.is_empty() => p,
        _ => path,
    };
    let host = match host.to_ascii_lowercase().as_str() {
        "github.com" | "www.github.com" | "ssh.github.com" => CodeHost::Github,
        "gitlab.com" | "www.gitlab.com" => CodeHost::Gitlab,
        "bitbucket.org" | "www.bitbucket.org" => CodeHost::Bitbucket,
        _ => return None,
    };
    let slug = path
        .trim_matches('/')
        .trim_end_matches(".git")
        .trim_matches('/');
    let parts: Vec<&str> = slug.split('/').collect();
    let valid = |p: &&str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && *p != "."
            && *p != ".."
    };
    let shape_ok = match host {
        CodeHost::Gitlab => parts.len() >= 2,
        CodeHost::Github | CodeHost::Bitbucket => parts.len() == 2,
    };
    (shape_ok && parts.iter().all(valid)).then(|| (host, parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remotes_of_every_shape_give_owner_and_name() {
        let cases = [
            (
                "git@github.com:acme/shop.git",
                CodeHost::Github,
                "acme/shop",
            ),
            (
                "https://github.com/acme/shop",
                CodeHost::Github,
                "acme/shop",
            ),
            (
                "https://github.com/acme/shop.git/",
                CodeHost::Github,
                "acme/shop",
            ),
            (
                "ssh://git@ssh.github.com:443/acme/shop.git",
                CodeHost::Github,
                "acme/shop",
            ),
            (
                "https://token@github.com/acme/my.site.git",
                CodeHost::Github,
                "acme/my.site",
            ),
            (
                "git@gitlab.com:group/sub/app.git",
                CodeHost::Gitlab,
                "group/sub/app",
            ),
            (
                "https://me@bitbucket.org/team/api.git",
                CodeHost::Bitbucket,
                "team/api",
            ),
        ];
        for (url, host, slug) in cases {
            assert_eq!(parse_remote(url), Some((host, slug.to_string())), "{url}");
        }
    }

    #[test]
    fn other_hosts_and_odd_paths_give_nothing() {
        for url in [
            "git@example.com:acme/shop.git",
            "/srv/git/shop.git",
            "https://github.com/acme",
            "https://github.com/acme/shop/tree/main",
            "git@github.com:acme/$(rm -rf).git",
            "",
        ] {
            assert_eq!(parse_remote(url), None, "{url}");
        }
    }

    #[test]
    fn only_the_origin_remote_is_read() {
        let config = "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = git@github.com:up/shop.git\n[remote \"origin\"]\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n\turl = git@github.com:me/shop.git\n";
        assert_eq!(origin_url(config), Some((7, "git@github.com:me/shop.git")));
        assert_eq!(origin_url("[remote \"upstream\"]\n url = x\n"), None);
    }
}
