//! Java/Kotlin on the JVM: Maven pom.xml and Gradle build files (and version catalogs);
//! Spring Boot and Quarkus; Flyway and Liquibase; Quartz and `@Scheduled`; websockets.

use std::sync::LazyLock;

use deployplan_core::Facts;
use deployplan_core::facts::{MigrationFact, RuntimeVersion};
use regex::Regex;

use super::Detector;
use crate::deps::Deps;
use crate::index::{RepoIndex, depth, file_name};
use crate::record::{add, claim_commands, ev, line_at, set_once};
use crate::rules::{Rule, When::*, apply, rule, rule_unless};

pub struct Jvm;

const ID: &str = "jvm";

static FRAMEWORKS: &[Rule] = &[
    rule_unless(
        "spring-boot",
        Dep("spring-boot-starter-parent"),
        &["quarkus"],
    ),
    rule_unless("spring-boot", Dep("org.springframework.boot"), &["quarkus"]),
    rule_unless(
        "spring-boot",
        DepPrefix("spring-boot-starter"),
        &["quarkus"],
    ),
    rule_unless("quarkus", Dep("io.quarkus"), &["spring-boot"]),
    rule_unless("quarkus", DepPrefix("quarkus-"), &["spring-boot"]),
    rule("micronaut", DepPrefix("micronaut-")),
    rule("ktor", DepPrefix("ktor-server")),
];

static DATABASES: &[Rule] = &[
    rule("postgres", Dep("postgresql")),
    rule("postgres", Dep("r2dbc-postgresql")),
    rule("postgres", Dep("quarkus-jdbc-postgresql")),
    rule("postgres", Dep("quarkus-reactive-pg-client")),
    rule("mysql", Dep("mysql-connector-j")),
    rule("mysql", Dep("mysql-connector-java")),
    rule("mysql", Dep("mariadb-java-client")),
    rule("mysql", Dep("quarkus-jdbc-mysql")),
    rule("sqlite", Dep("sqlite-jdbc")),
    rule("mongodb", Dep("spring-boot-starter-data-mongodb")),
    rule("mongodb", Dep("mongodb-driver-sync")),
    rule("mongodb", Dep("quarkus-mongodb-client")),
    rule("redis", Dep("spring-boot-starter-data-redis")),
    rule("redis", Dep("jedis")),
    rule("redis", Dep("lettuce-core")),
    rule("redis", Dep("quarkus-redis-client")),
];

static SCHEDULES: &[Rule] = &[
    rule("quartz", Dep("spring-boot-starter-quartz")),
    rule("quartz", Dep("quartz")),
    rule("quarkus-scheduler", Dep("quarkus-scheduler")),
];

static WEBSOCKETS: &[Rule] = &[
    rule("spring-websocket", Dep("spring-boot-starter-websocket")),
    rule("spring-websocket", Code("ws:spring-websocket")),
    rule("quarkus-websockets", Dep("quarkus-websockets-next")),
    rule("quarkus-websockets", Dep("quarkus-websockets")),
    rule("jakarta-websocket", Code("ws:jakarta-websocket")),
    rule("server-sent-events", Code("ws:server-sent-events")),
];

static MAVEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(artifactId|groupId)>\s*([^<\s]+)\s*</").expect("regex"));
static GRADLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:["']([\w.\-]+):([\w.\-]+)(?::[^"']*)?["']|\bid\s*\(?\s*["']([\w.\-]+)["']|name\s*=\s*"([\w.\-]+)")"#).expect("regex")
});

fn build_files(index: &RepoIndex) -> Vec<(&str, &str)> {
    index
        .texts()
        .filter(|(p, _)| {
            depth(p) <= 1
                && matches!(
                    file_name(p),
                    "pom.xml" | "build.gradle" | "build.gradle.kts" | "libs.versions.toml"
                )
        })
        .collect()
}

fn parse_deps(files: &[(&str, &str)]) -> Deps {
    let mut deps = Deps::default();
    for (path, text) in files {
        if path.ends_with("pom.xml") {
            for c in MAVEN.captures_iter(text) {
                let m = c.get(2).expect("group 2");
                if &c[1] == "artifactId" || m.as_str() == "io.quarkus" {
                    deps.push(m.as_str(), path, Some(line_at(text, m.start())), false);
                }
            }
        } else {
            for c in GRADLE.captures_iter(text) {
                let m = c.get(2).or(c.get(3)).or(c.get(4)).expect("one group");
                deps.push(m.as_str(), path, Some(line_at(text, m.start())), false);
            }
        }
    }
    deps
}

impl Detector for Jvm {
    fn id(&self) -> &'static str {
        ID
    }

    fn frameworks(&self) -> Vec<&'static str> {
        crate::rules::facts_of(FRAMEWORKS).collect()
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let files = build_files(index);
        let maven = index.first(&["pom.xml"]);
        let gradle = index.first(&[
            "build.gradle.kts",
            "build.gradle",
            "settings.gradle.kts",
            "settings.gradle",
        ]);
        let Some(build) = maven.or(gradle) else {
            return;
        };
        let deps = parse_deps(&files);
        apply(ID, FRAMEWORKS, &deps, index, &mut facts.frameworks);
        apply(ID, DATABASES, &deps, index, &mut facts.databases);
        let configs = index.texts_named(|n| n.starts_with("application"));
        for (path, text) in configs.filter(|(p, _)| !crate::walk::is_test_path(p)) {
            for (needle, db) in [
                ("jdbc:postgresql", "postgres"),
                ("jdbc:mysql", "mysql"),
                ("jdbc:mariadb", "mysql"),
                ("mongodb://", "mongodb"),
            ] {
                if let Some(at) = text.find(needle) {
                    add(
                        &mut facts.databases,
                        db,
                        ev(
                            path,
                            Some(line_at(text, at)),
                            format!("{ID}/datasource-url"),
                        ),
                    );
                }
            }
        }
        apply(ID, SCHEDULES, &deps, index, &mut facts.schedules);
        let scheduled = if facts.has_framework("quarkus") {
            "quarkus-scheduler"
        } else {
            "spring-scheduled"
        };
        apply(
            ID,
            &[rule(scheduled, Code("sched:scheduled-annotation"))],
            &deps,
            index,
            &mut facts.schedules,
        );
        apply(ID, WEBSOCKETS, &deps, index, &mut facts.websockets);

        let quarkus = facts.has_framework("quarkus");
        let (pm, tool) = if maven.is_some() {
            (
                "maven",
                if index.has("mvnw") {
                    index.wrapper("mvnw")
                } else {
                    "mvn".to_string()
                },
            )
        } else {
            (
                "gradle",
                if index.has("gradlew") {
                    index.wrapper("gradlew")
                } else {
                    "gradle".to_string()
                },
            )
        };
        let tool = tool.as_str();
        let pm_ev = ev(build, None, format!("{ID}/file:{build}"));
        add(&mut facts.package_managers, pm, pm_ev.clone());
        if claim_commands(facts, ID) {
            let cmds = &mut facts.commands;
            let (test, package, jar) = match (pm, quarkus) {
                ("maven", false) => (
                    format!("{tool} -B test"),
                    format!("{tool} -B -DskipTests package"),
                    "target/*.jar",
                ),
                ("maven", true) => (
                    format!("{tool} -B test"),
                    format!("{tool} -B -DskipTests package"),
                    "target/quarkus-app/quarkus-run.jar",
                ),
                (_, false) => (
                    format!("{tool} test"),
                    format!("{tool} build -x test"),
                    "build/libs/*.jar",
                ),
                (_, true) => (
                    format!("{tool} test"),
                    format!("{tool} build -x test"),
                    "build/quarkus-app/quarkus-run.jar",
                ),
            };
            // Dependencies with the repository's own tool (its wrapper when committed).
            let install = if pm == "maven" {
                format!("{tool} -B dependency:go-offline")
            } else {
                format!("{tool} dependencies")
            };
            set_once(&mut cmds.install, install, pm_ev.clone());
            set_once(&mut cmds.test, test, pm_ev.clone());
            set_once(&mut cmds.build, package, pm_ev.clone());
            // The jar the build writes, named as the build file names it; a glob would also
            // match Gradle's `-plain.jar`, which has no main class.
            let (jar, jar_ev) = if quarkus {
                (jar.to_string(), pm_ev.clone())
            } else if pm == "maven" {
                match maven_jar(index) {
                    Some((j, line)) => (j, ev("pom.xml", Some(line), format!("{ID}/maven-jar"))),
                    None => (jar.to_string(), pm_ev.clone()),
                }
            } else {
                match gradle_jar(index) {
                    Some((j, path, line)) => (j, ev(&path, Some(line), format!("{ID}/gradle-jar"))),
                    None => (
                        "\"$(find build/libs -name '*.jar' ! -name '*-plain.jar' | head -n 1)\""
                            .to_string(),
                        pm_ev.clone(),
                    ),
                }
            };
            set_once(&mut cmds.start, format!("java -jar {jar}"), jar_ev);
        }
        runtime(&files, facts);
        if facts.migration_tool.is_none() {
            migration(index, facts, &deps, pm, tool);
        }
    }
}

/// The text of `<tag>` in `xml` (the first, outside nested blocks already removed), with its offset.
fn xml_tag<'a>(xml: &'a str, tag: &str) -> Option<(&'a str, usize)> {
    let open = format!("<{tag}>");
    let at = xml.find(&open)? + open.len();
    let end = xml[at..].find(&format!("</{tag}>"))?;
    let v = xml[at..at + end].trim();
    (!v.is_empty()).then_some((v, at))
}

/// Blank out `<tag>...</tag>` blocks, keeping offsets (so lines stay right).
fn blank(xml: &str, tag: &str) -> String {
    let mut out = xml.to_string();
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    while let Some(a) = out.find(&open) {
        let Some(len) = out[a..].find(&close) else {
            break;
        };
        let b = a + len + close.len();
        let spaces: String = out[a..b]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        out.replace_range(a..b, &spaces);
    }
    out
}

fn plain_name(v: &str) -> bool {
    !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// Maven's jar: `target/<finalName>.jar`, else `target/<artifactId>-<version>.jar` of the
/// project itself (not its parent's nor a dependency's), with the line that names it.
fn maven_jar(index: &RepoIndex) -> Option<(String, u32)> {
    let text = index.text("pom.xml")?;
    if xml_tag(text, "packaging").is_some_and(|(p, _)| p != "jar") {
        return None;
    }
    let own = blank(&blank(&blank(text, "parent"), "dependencies"), "plugins");
    let own = blank(&own, "dependencyManagement");
    if let Some((name, at)) = xml_tag(&own, "finalName").filter(|(n, _)| plain_name(n)) {
        return Some((format!("target/{name}.jar"), line_at(text, at)));
    }
    let (artifact, at) = xml_tag(&own, "artifactId")?;
    let (version, _) = xml_tag(&own, "version")?;
    (plain_name(artifact) && plain_name(version)).then(|| {
        (
            format!("target/{artifact}-{version}.jar"),
            line_at(text, at),
        )
    })
}

/// A quoted value after `key` on its line (`archiveFileName = 'app.jar'`, `version = "1.0"`).
fn gradle_value(text: &str, key: &str) -> Option<(String, usize)> {
    let mut from = 0;
    while let Some(i) = text[from..].find(key) {
        let at = from + i;
        from = at + key.len();
        let after = at + key.len();
        let line_end = text[after..].find('\n').map_or(text.len(), |e| after + e);
        let rest = &text[at + key.len()..line_end];
        let rest = rest
            .trim_start()
            .trim_start_matches(".set(")
            .trim_start_matches('=')
            .trim_start()
            .trim_start_matches('(');
        let Some(q) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') else {
            continue;
        };
        let v = &rest[1..];
        if let Some(end) = v.find(q) {
            let v = &v[..end];
            if plain_name(v) {
                return Some((v.to_string(), at));
            }
        }
    }
    None
}

/// Gradle's Spring Boot jar: `bootJar`'s `archiveFileName`, else
/// `build/libs/<rootProject.name>-<version>.jar`.
fn gradle_jar(index: &RepoIndex) -> Option<(String, String, u32)> {
    let build = ["build.gradle.kts", "build.gradle"]
        .into_iter()
        .find_map(|p| index.text(p).map(|t| (p, t)))?;
    if let Some(boot) = build.1.find("bootJar") {
        let tail = &build.1[boot..];
        if let Some((name, at)) = gradle_value(tail, "archiveFileName") {
            return Some((
                format!("build/libs/{name}"),
                build.0.to_string(),
                line_at(build.1, boot + at),
            ));
        }
    }
    let settings = ["settings.gradle.kts", "settings.gradle"]
        .into_iter()
        .find_map(|p| index.text(p))?;
    let (name, _) = gradle_value(settings, "rootProject.name")?;
    let (version, at) =
        gradle_value(build.1, "\nversion").or_else(|| gradle_value(build.1, "version ="))?;
    Some((
        format!("build/libs/{name}-{version}.jar"),
        build.0.to_string(),
        line_at(build.1, at + 1),
    ))
}

fn migration(index: &RepoIndex, facts: &mut Facts, deps: &Deps, pm: &str, tool: &str) {
    let flyway = [
        "flyway-core",
        "quarkus-flyway",
        "flyway-maven-plugin",
        "org.flywaydb.flyway",
    ]
    .iter()
    .find_map(|d| deps.get(d));
    let liquibase = [
        "liquibase-core",
        "quarkus-liquibase",
        "liquibase-maven-plugin",
        "org.liquibase.gradle",
    ]
    .iter()
    .find_map(|d| deps.get(d));
    let (name, dep, command) = if let Some(d) = flyway {
        let command = if deps.has("flyway-maven-plugin") {
            format!("{tool} -B flyway:migrate")
        } else if deps.has("org.flywaydb.flyway") {
            format!("{tool} flywayMigrate")
        } else {
            let dir = "src/main/resources/db/migration";
            if index.has_dir(dir) {
                format!("flyway -locations=filesystem:{dir} migrate")
            } else {
                "flyway migrate".into()
            }
        };
        ("flyway", d, command)
    } else if let Some(d) = liquibase {
        let command = match (
            deps.has("liquibase-maven-plugin"),
            deps.has("org.liquibase.gradle"),
            pm,
        ) {
            (true, _, _) => format!("{tool} -B liquibase:update"),
            (_, true, _) => format!("{tool} update"),
            _ => "liquibase update".into(),
        };
        ("liquibase", d, command)
    } else {
        return;
    };
    facts.migration_tool = Some(MigrationFact {
        name: name.into(),
        command,
        install: None,
        evidence: vec![dep.evidence(ID)],
    });
}

static JAVA_VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:<java\.version>|<maven\.compiler\.release>|<maven\.compiler\.source>|JavaLanguageVersion\.of\(|JavaVersion\.VERSION_|sourceCompatibility\s*=\s*['\x22]?)\s*(1[._]8|\d{2})").expect("regex")
});

fn runtime(files: &[(&str, &str)], facts: &mut Facts) {
    for (path, text) in files {
        if let Some(c) = JAVA_VERSION.captures(text) {
            let m = c.get(1).expect("group");
            facts.runtime_versions.push(RuntimeVersion {
                runtime: "java".into(),
                version: m.as_str().replace('_', "."),
                evidence: vec![ev(
                    path,
                    Some(line_at(text, m.start())),
                    format!("{ID}/java-version"),
                )],
            });
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spring_boot_maven_with_flyway_and_postgres() {
        let pom = "<project>\n<parent>\n<artifactId>spring-boot-starter-parent</artifactId>\n</parent>\n<properties><java.version>21</java.version></properties>\n<dependency><artifactId>spring-boot-starter-web</artifactId></dependency>\n<dependency><artifactId>flyway-core</artifactId></dependency>\n<dependency><artifactId>postgresql</artifactId></dependency>\n</project>";
        let index = RepoIndex::from_texts(&[
            ("pom.xml", pom),
            ("mvnw", ""),
            (
                "src/main/java/App.java",
                "@Scheduled(cron = \"0 0 * * * *\")",
            ),
        ]);
        let mut f = Facts::default();
        Jvm.detect(&index, &mut f);
        assert_eq!(f.frameworks[0].name, "spring-boot");
        assert_eq!(f.databases[0].name, "postgres");
        assert_eq!(f.schedules[0].name, "spring-scheduled");
        assert_eq!(f.migration_tool.unwrap().name, "flyway");
        assert_eq!(f.commands.test.unwrap().value, "./mvnw -B test");
        assert_eq!(f.runtime_versions[0].version, "21");
    }

    #[test]
    fn quarkus_gradle() {
        let gradle = "plugins {\n  id(\"io.quarkus\")\n}\ndependencies {\n  implementation(\"io.quarkus:quarkus-rest\")\n  implementation(\"io.quarkus:quarkus-liquibase\")\n}\n";
        let index = RepoIndex::from_texts(&[("build.gradle.kts", gradle), ("gradlew", "")]);
        let mut f = Facts::default();
        Jvm.detect(&index, &mut f);
        assert_eq!(f.frameworks[0].name, "quarkus");
        assert_eq!(f.migration_tool.unwrap().command, "liquibase update");
        assert_eq!(
            f.commands.start.unwrap().value,
            "java -jar build/quarkus-app/quarkus-run.jar"
        );
    }

    #[test]
    fn gradle_spring_boot_runs_its_boot_jar_never_the_plain_one() {
        let gradle = "plugins {\n  id 'org.springframework.boot' version '3.3.5'\n}\ngroup = 'com.example'\nversion = '1.2.0'\ndependencies {\n  implementation 'org.springframework.boot:spring-boot-starter-web'\n}\n";
        let named = |files: &[(&str, &str)]| {
            let mut f = Facts::default();
            Jvm.detect(&RepoIndex::from_texts(files), &mut f);
            f.commands.start.unwrap()
        };
        let start = named(&[
            ("build.gradle", gradle),
            ("settings.gradle", "rootProject.name = 'billing'\n"),
            ("gradlew", ""),
        ]);
        assert_eq!(start.value, "java -jar build/libs/billing-1.2.0.jar");
        assert_eq!(start.evidence[0].rule, "jvm/gradle-jar");
        let boot = format!("{gradle}bootJar {{\n  archiveFileName = 'app.jar'\n}}\n");
        assert_eq!(
            named(&[("build.gradle", &boot), ("gradlew", "")]).value,
            "java -jar build/libs/app.jar"
        );
        // Nothing names it: the jar the build wrote, without the plain one.
        let unnamed = named(&[(
            "build.gradle",
            "plugins { id 'org.springframework.boot' }\n",
        )]);
        assert!(
            unnamed.value.contains("! -name '*-plain.jar'"),
            "{}",
            unnamed.value
        );
    }
}
