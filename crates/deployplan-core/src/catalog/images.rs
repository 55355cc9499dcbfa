//! Container images per runtime version, from `catalog/images.toml`: a version pin of the
//! repository (`.nvmrc` 20, `requires-python >=3.10`, `go 1.15`) becomes tags that exist.

use std::sync::OnceLock;

use serde::Deserialize;

const IMAGES_TOML: &str = include_str!("../../../../catalog/images.toml");

#[derive(Debug, Deserialize)]
struct Table {
    checked: String,
    image: Vec<Entry>,
    #[serde(default)]
    build_tool: Vec<BuildTool>,
}

#[derive(Debug, Deserialize)]
struct BuildTool {
    name: String,
    image: String,
    #[allow(dead_code)]
    source: String,
}

/// The image that carries a JVM build tool (`maven`, `gradle`) for Java `java_version`, for
/// projects without a committed wrapper.
pub fn build_tool_image(tool: &str, java_version: &str) -> Option<String> {
    table()
        .build_tool
        .iter()
        .find(|b| b.name == tool)
        .map(|b| b.image.replace("{v}", java_version))
}

#[derive(Debug, Deserialize)]
struct Entry {
    runtime: String,
    default: String,
    versions: Vec<String>,
    build: String,
    run: String,
    ci: String,
    source: String,
    #[serde(default)]
    older: Vec<Older>,
}

#[derive(Debug, Deserialize)]
struct Older {
    versions: Vec<String>,
    build: String,
    run: String,
    ci: String,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| toml::from_str(IMAGES_TOML).expect("catalog/images.toml parses"))
}

/// The images of one runtime version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Images {
    /// The listed version the pin maps to (`20`, `3.12`, `1.22`, `8.0`).
    pub version: String,
    /// Build stage of the Dockerfile.
    pub build: String,
    /// Runtime stage of the Dockerfile.
    pub run: String,
    /// The image of CI jobs (GitLab, Bitbucket) that need the toolchain.
    pub ci: String,
    /// Why the version differs from the pin, when it does (a range, an unlisted version).
    pub note: Option<String>,
    /// Where the tags were checked, and when.
    pub source: String,
}

type Version = Vec<u32>;

fn parse_version(s: &str) -> Option<Version> {
    let s = s.trim().trim_start_matches(['v', 'V']);
    let s = s.strip_prefix("go").unwrap_or(s);
    let mut out = Vec::new();
    for part in s.split('.') {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            break;
        }
        out.push(digits.parse().ok()?);
        if digits.len() != part.len() {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
}

fn cut(v: &[u32], n: usize) -> Version {
    let mut v: Version = v.iter().copied().take(n).collect();
    while v.len() < n {
        v.push(0);
    }
    v
}

/// Lower bound (inclusive), upper bound (exclusive) and the version asked for exactly (a plain
/// pin, `^`, `~`, `~>`, `==`), from a constraint such as `>=3.10,<3.13`, `^8.2`, `~> 3.3`.
struct Wanted {
    exact: Option<Version>,
    low: Option<Version>,
    high: Option<Version>,
}

fn wanted(spec: &str) -> Option<Wanted> {
    // `^18 || ^20`: the last alternative is usually the newest.
    let spec = spec.rsplit("||").next()?.trim();
    let mut w = Wanted {
        exact: None,
        low: None,
        high: None,
    };
    for clause in spec.split([',', ' ']).filter(|c| !c.trim().is_empty()) {
        let c = clause.trim();
        let (op, rest) = [">=", "<=", "~>", "==", ">", "<", "^", "~", "="]
            .iter()
            .find_map(|op| c.strip_prefix(op).map(|r| (*op, r)))
            .unwrap_or(("", c));
        let rest = rest.trim();
        if rest.is_empty() {
            continue;
        }
        let Some(v) = parse_version(rest) else {
            continue;
        };
        match op {
            ">=" => w.low = Some(v),
            ">" => w.low = Some(bump(&v)),
            "<" => w.high = Some(v),
            "<=" => w.high = Some(bump(&v)),
            _ => w.exact = Some(v),
        }
    }
    (w.exact.is_some() || w.low.is_some() || w.high.is_some()).then_some(w)
}

fn bump(v: &[u32]) -> Version {
    let mut v = v.to_vec();
    if let Some(last) = v.last_mut() {
        *last += 1;
    }
    v
}

/// Node's LTS code names as `.nvmrc` writes them (`lts/iron`).
fn node_alias(spec: &str) -> Option<&'static str> {
    let s = spec.trim().to_ascii_lowercase();
    let name = s.strip_prefix("lts/").unwrap_or(&s);
    Some(match name {
        "hydrogen" => "18",
        "iron" => "20",
        "jod" => "22",
        "krypton" => "24",
        _ => return None,
    })
}

/// The images for `runtime` at the version `pin` states (`None`: the catalog's default).
/// `None` when the catalog has no entry for the runtime.
pub fn images(runtime: &str, pin: Option<&str>) -> Option<Images> {
    let t = table();
    let e = t.image.iter().find(|e| e.runtime == runtime)?;
    let source = format!("{} (checked {})", e.source, t.checked);
    let make = |v: &str, tpl: (&str, &str, &str), note: Option<String>| Images {
        version: v.to_string(),
        build: tpl.0.replace("{v}", v),
        run: tpl.1.replace("{v}", v),
        ci: tpl.2.replace("{v}", v),
        note,
        source: source.clone(),
    };
    let main = (e.build.as_str(), e.run.as_str(), e.ci.as_str());
    let Some(pin) = pin.map(str::trim).filter(|p| !p.is_empty()) else {
        return Some(make(&e.default, main, None));
    };
    let alias = if runtime == "node" {
        node_alias(pin)
    } else {
        None
    };
    let pin_text = alias.unwrap_or(pin);
    let granularity = e.versions[0].split('.').count();
    // Every listed version, oldest first, with the tags it has.
    let mut all: Vec<(Version, &str, (&str, &str, &str))> = Vec::new();
    for o in &e.older {
        for v in &o.versions {
            all.push((
                parse_version(v).unwrap_or_default(),
                v,
                (&o.build, &o.run, &o.ci),
            ));
        }
    }
    for v in &e.versions {
        all.push((parse_version(v).unwrap_or_default(), v, main));
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let Some(w) = wanted(pin_text) else {
        return Some(make(
            &e.default,
            main,
            Some(format!(
                "the pin `{pin}` is not a version number; the default {runtime} {} is used",
                e.default
            )),
        ));
    };
    if let Some(x) = &w.exact {
        let key = cut(x, granularity);
        if let Some((_, v, tpl)) = all.iter().find(|(k, _, _)| *k == key) {
            return Some(make(v, *tpl, None));
        }
        if let Some((_, v, tpl)) = all.iter().find(|(k, _, _)| *k > key) {
            return Some(make(
                v,
                *tpl,
                Some(format!(
                    "no image is published for {runtime} {pin}; the nearest newer one, {v}, is used"
                )),
            ));
        }
        let (_, v, tpl) = all.last()?;
        return Some(make(
            v,
            *tpl,
            Some(format!(
                "{runtime} {pin} is newer than the images this catalog lists; {v} is used until the catalog is updated"
            )),
        ));
    }
    let fits = |k: &Version| {
        w.low.as_ref().is_none_or(|lo| *k >= cut(lo, granularity))
            && w.high
                .as_ref()
                .is_none_or(|hi| *k < cut(hi, granularity.max(hi.len())))
    };
    let default = parse_version(&e.default).unwrap_or_default();
    if fits(&default) {
        return Some(make(&e.default, main, None));
    }
    if let Some((_, v, tpl)) = all.iter().rev().find(|(k, _, _)| fits(k)) {
        return Some(make(
            v,
            *tpl,
            Some(format!("the newest {runtime} image within `{pin}`")),
        ));
    }
    Some(make(
        &e.default,
        main,
        Some(format!(
            "no listed {runtime} image fits `{pin}`; the default {} is used: check it",
            e.default
        )),
    ))
}

#[cfg(test)]
mod tests {
    use super::images;

    fn tag(runtime: &str, pin: &str) -> (String, String, bool) {
        let i = images(runtime, Some(pin)).unwrap();
        (i.version, i.build, i.note.is_some())
    }

    #[test]
    fn pins_map_to_tags_that_exist() {
        assert_eq!(
            tag("node", "20.11.1"),
            ("20".into(), "node:20-bookworm-slim".into(), false)
        );
        assert_eq!(
            tag("node", "v18"),
            ("18".into(), "node:18-bookworm-slim".into(), false)
        );
        assert_eq!(tag("node", "lts/iron").0, "20");
        assert_eq!(tag("node", ">=18").0, "22");
        assert_eq!(tag("node", "16").1, "node:16-bullseye-slim");
        assert_eq!(tag("python", ">=3.10,<3.12").0, "3.11");
        assert_eq!(tag("python", "^3.12").0, "3.12");
        assert_eq!(tag("python", "3.12.4").1, "python:3.12-slim-bookworm");
        assert_eq!(tag("go", "1.15").1, "golang:1.15-buster");
        assert_eq!(tag("go", "1.22.3").1, "golang:1.22-bookworm");
        assert_eq!(tag("php", "^8.2").1, "php:8.2-cli-bookworm");
        assert_eq!(tag("ruby", "~> 3.3").0, "3.3");
        assert_eq!(
            tag("java", "19"),
            ("21".into(), "eclipse-temurin:21-jdk".into(), true)
        );
        assert_eq!(
            tag("dotnet", "8.0.100").1,
            "mcr.microsoft.com/dotnet/sdk:8.0"
        );
        assert_eq!(tag("elixir", "~> 1.15").1, "elixir:1.15-slim");
        assert!(tag("node", "99").2);
        assert_eq!(images("node", None).unwrap().version, "22");
        assert_eq!(
            super::build_tool_image("maven", "17").as_deref(),
            Some("maven:3-eclipse-temurin-17")
        );
    }
}
