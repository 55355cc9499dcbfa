//! What deployplan knows about each framework the scanner reports, one provider per framework
//! (or tight family) in an ordered registry, like nixpacks' providers: the ids it answers to,
//! its name, its role in the app (which suggests the app type), its stack, its conventional
//! commands and port, its production switches, its build output folder, its health route, the
//! platforms built around it. The plan asks the registry; nothing else matches on framework ids.

mod aspnet;
mod conventions;
mod django;
mod express;
mod fastapi;
mod flask;
mod go_http;
mod jvm;
mod laravel;
mod nextjs;
mod node_meta;
mod phoenix;
mod python_server;
mod rails;
mod ruby_rack;
mod rust_http;
mod spa;
mod spring;
mod static_sites;
mod suggest;
mod symfony;

pub use conventions::{Conventional, Conventions, stack_conventions, stack_switches};
pub use python_server::{AppServerInstall, install_with};
pub use suggest::{frontend_only, suggest_app_type};

use crate::answers::Stack;
use crate::facts::Facts;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Built to static files (or a client-only bundle).
    Frontend,
    /// Serves pages and an API from one server.
    FullStack,
    /// A backend HTTP server.
    Api,
}

/// One framework id as the scanner reports it, with what it is.
#[derive(Debug, Clone, Copy)]
pub struct Framework {
    pub id: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub stack: Stack,
}

pub(crate) const fn fw(
    id: &'static str,
    name: &'static str,
    role: Role,
    stack: Stack,
) -> Framework {
    Framework {
        id,
        name,
        role,
        stack,
    }
}

/// A platform built around a framework, and how much that weighs in its score.
#[derive(Debug, Clone, Copy)]
pub struct Affinity {
    pub platform: &'static str,
    pub bonus: i32,
}

/// The static hosts (Netlify, Cloudflare Pages, Vercel) that serve built files as they are.
pub(crate) const STATIC_HOSTS: &[Affinity] = &[
    Affinity {
        platform: "netlify",
        bonus: 15,
    },
    Affinity {
        platform: "cloudflare",
        bonus: 15,
    },
    Affinity {
        platform: "vercel",
        bonus: 15,
    },
];

/// The health endpoint deployplan can write for a framework: the endpoint family the
/// artifacts know how to write, and the framework's usual path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HealthConvention {
    pub family: &'static str,
    pub path: &'static str,
}

/// What deployplan knows about one framework or one tight family. Every method but
/// `frameworks` has the stack's answer as its default, so a provider says only what differs.
pub trait FrameworkProvider: Sync {
    /// The ids this provider answers to, in the scanner's spelling, with what each is.
    fn frameworks(&self) -> &'static [Framework];

    /// The provider's source file (`file!()` in its impl), so a test can tell that every
    /// provider file is registered.
    fn file(&self) -> &'static str;

    /// The stack of the family (its first id's).
    fn stack(&self) -> Stack {
        self.frameworks()[0].stack
    }

    /// The commands and port to use where the repository states none, each with its why.
    fn conventions(&self, facts: &Facts) -> Conventions {
        let _ = facts;
        stack_conventions(self.stack())
    }

    /// The app server to add to the install when the conventional start needs one the
    /// repository does not depend on (a Django app without gunicorn).
    fn app_server(&self, facts: &Facts) -> Option<AppServerInstall> {
        let _ = facts;
        None
    }

    /// The environment switches of `id`'s production mode, with their values (`MIX_ENV=prod`).
    fn switches(&self, id: &str) -> &'static [(&'static str, &'static str)] {
        let _ = id;
        stack_switches(self.stack())
    }

    /// Where the static build of `id` writes its files: (folder, why), when the framework
    /// fixes it.
    fn output_dir(&self, id: &str) -> Option<(&'static str, &'static str)> {
        let _ = id;
        None
    }

    /// The health endpoint deployplan can write for `id`, when it can write one.
    fn health(&self, id: &str) -> Option<HealthConvention> {
        let _ = id;
        None
    }

    /// Platforms built around `id`.
    fn affinity(&self, id: &str) -> &'static [Affinity] {
        let _ = id;
        &[]
    }

    /// What CI installs to build `id` when it is not the stack's runtime (`hugo`; a Jekyll
    /// site builds with `ruby`).
    fn ci_runtime(&self, id: &str) -> Option<&'static str> {
        let _ = id;
        None
    }

    /// A meta-framework that renders on demand: it needs a server, yet frontend platforms
    /// run it as functions (Next.js, Nuxt, SvelteKit, Remix), so it is no long-running need.
    fn renders_on_demand(&self, id: &str) -> bool {
        let _ = id;
        false
    }
}

/// Every provider, in the order they are asked: specific families before generic ones.
pub static ALL: &[&dyn FrameworkProvider] = &[
    &nextjs::NextJs,
    &node_meta::NodeMeta,
    &spa::Spa,
    &express::NodeServers,
    &django::Django,
    &flask::Flask,
    &fastapi::FastApi,
    &rails::Rails,
    &ruby_rack::RubyRack,
    &laravel::Laravel,
    &symfony::Symfony,
    &spring::Spring,
    &jvm::JvmMicro,
    &aspnet::AspNet,
    &go_http::GoHttp,
    &phoenix::Phoenix,
    &rust_http::RustHttp,
    &static_sites::StaticSites,
];

/// The provider that answers to a framework id, with the id's own entry.
pub fn lookup(id: &str) -> Option<(&'static Framework, &'static dyn FrameworkProvider)> {
    ALL.iter()
        .find_map(|p| p.frameworks().iter().find(|f| f.id == id).map(|f| (f, *p)))
}

pub fn framework(id: &str) -> Option<&'static Framework> {
    lookup(id).map(|(f, _)| f)
}

pub fn provider(id: &str) -> Option<&'static dyn FrameworkProvider> {
    lookup(id).map(|(_, p)| p)
}

/// Every id of every provider, in registry order.
pub fn ids() -> impl Iterator<Item = &'static str> {
    ALL.iter().flat_map(|p| p.frameworks().iter().map(|f| f.id))
}

/// The frameworks of the facts that deployplan knows, in the facts' order.
pub fn known(facts: &Facts) -> Vec<&'static Framework> {
    facts
        .frameworks
        .iter()
        .filter_map(|d| framework(&d.name))
        .collect()
}

/// The provider of the app's first known framework of `stack`: the one whose conventions and
/// switches the plan uses.
pub fn primary(
    facts: &Facts,
    stack: Stack,
) -> Option<(&'static Framework, &'static dyn FrameworkProvider)> {
    facts
        .frameworks
        .iter()
        .filter_map(|d| lookup(&d.name))
        .find(|(f, _)| f.stack == stack)
}

/// The stack the facts point to: a known framework's, else the heaviest language's.
pub fn stack_of(facts: &Facts) -> Option<Stack> {
    if let Some(f) = known(facts).first() {
        return Some(f.stack);
    }
    facts
        .languages
        .iter()
        .find_map(|l| match l.name.to_ascii_lowercase().as_str() {
            "javascript" | "typescript" => Some(Stack::Node),
            "python" => Some(Stack::Python),
            "ruby" => Some(Stack::Ruby),
            "go" => Some(Stack::Go),
            "java" | "kotlin" | "scala" => Some(Stack::Java),
            "php" => Some(Stack::Php),
            "c#" | "csharp" | "f#" => Some(Stack::Dotnet),
            "elixir" => Some(Stack::Elixir),
            "rust" => Some(Stack::Rust),
            "html" => Some(Stack::Static),
            _ => None,
        })
}

/// The conventions of the app: its primary framework's, else its stack's.
pub fn conventions(facts: &Facts, stack: Stack) -> Conventions {
    primary(facts, stack).map_or_else(|| stack_conventions(stack), |(_, p)| p.conventions(facts))
}

/// The production switches of the app: its primary framework's, else its stack's; with no
/// stack known, Node's (the default stack).
pub fn switches(stack: Option<Stack>, facts: &Facts) -> &'static [(&'static str, &'static str)] {
    let stack = stack.unwrap_or(Stack::Node);
    primary(facts, stack).map_or_else(|| stack_switches(stack), |(f, p)| p.switches(f.id))
}

/// Where the app's static build writes its files, when one of its frameworks fixes it.
pub fn output_dir(facts: &Facts) -> Option<(&'static str, &'static str)> {
    facts
        .frameworks
        .iter()
        .filter_map(|d| provider(&d.name).and_then(|p| p.output_dir(&d.name)))
        .next()
}

/// The health endpoint deployplan can write for a framework id.
pub fn health(id: &str) -> Option<HealthConvention> {
    provider(id).and_then(|p| p.health(id))
}

/// The platforms built around a framework id.
pub fn affinity(id: &str) -> &'static [Affinity] {
    provider(id).map_or(&[], |p| p.affinity(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for id in ids() {
            assert!(seen.insert(id), "{id} is answered by two providers");
        }
    }

    #[test]
    fn every_provider_file_is_registered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/frameworks");
        let helpers = ["mod", "conventions", "suggest", "python_server"];
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter_map(|n| n.strip_suffix(".rs").map(String::from))
            .filter(|n| !helpers.contains(&n.as_str()))
            .collect();
        files.sort();
        let mut registered: Vec<String> = ALL
            .iter()
            .map(|p| {
                let file = std::path::Path::new(p.file());
                file.file_stem().unwrap().to_string_lossy().into_owned()
            })
            .collect();
        registered.sort();
        registered.dedup();
        assert_eq!(
            files, registered,
            "each src/frameworks/*.rs provider is in ALL"
        );
    }

    #[test]
    fn every_provider_answers_to_an_id_of_one_stack() {
        for p in ALL {
            assert!(!p.frameworks().is_empty());
            for f in p.frameworks() {
                assert_eq!(f.stack, p.stack(), "{}: one stack per family", f.id);
            }
        }
    }
}
