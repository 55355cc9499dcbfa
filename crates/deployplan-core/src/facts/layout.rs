//! Where things are in the app's own code, for the health endpoint deployplan writes when the
//! app serves none: the file (and variable) that creates the HTTP app, the module system, the
//! folder of file-based routes, a prefix every route gets, and the framework's own names
//! (Phoenix's web module and Ecto repo, the Go module path). The endpoint is placed beside the
//! app and its mount line names the app's own variable, so the person pastes it unchanged.

use serde::{Deserialize, Serialize};

use super::Evidence;

/// The line that creates the HTTP app or router, and the variable it is bound to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppObject {
    /// `app`, `server`, `r`; empty when the creation is not bound to a name
    /// (`NestFactory.create(AppModule)` inside a function).
    pub variable: String,
    pub evidence: Evidence,
}

/// A path prefix every route of the app gets (Next.js `basePath`, NestJS `setGlobalPrefix`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutePrefix {
    /// The prefix when it is a plain string; `None` when it comes from a variable, so no
    /// full path is known.
    pub value: Option<String>,
    pub evidence: Evidence,
}

/// Which of Next.js' two routers the app uses, and its folder (`app`, `src/app`, `pages`,
/// `src/pages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NextRouter {
    App,
    Pages,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutesDir {
    pub router: NextRouter,
    pub dir: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppLayout {
    /// The app's folder, relative to the scanned root, when the only app lives in a
    /// subfolder (`services/web`); empty at the root. The framework's own paths
    /// (`src/routes`, `app/controllers`) are relative to it; the evidence here is not.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub root: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<AppObject>,
    /// package.json `"type": "module"`: `.js` files are ES modules (`import`, not `require`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub es_modules: bool,
    /// A tsconfig.json at the app's root: its source is TypeScript, compiled by its build.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub typescript: bool,
    /// Next.js: the router the app uses and its folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_routes: Option<RoutesDir>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_prefix: Option<RoutePrefix>,
    /// NestJS: the root module's file (`src/app.module.ts`), where a controller is listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_module: Option<Evidence>,
    /// Phoenix: the web module (`ShopWeb`) and the endpoint's `plug ShopWeb.Router` line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_module: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub router_plug: Option<Evidence>,
    /// The Ecto repo module (`Shop.Repo`) the endpoint pings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo_module: Option<String>,
    /// go.mod's `module` path: the generated package's import path starts with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go_module: Option<String>,
    /// Laravel 11+: `->withRouting(` in bootstrap/app.php, which takes the `health:` option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub laravel_routing: Option<Evidence>,
    /// Rack apps (Sinatra, Hanami): config.ru's `run` line, before which a middleware is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rack_run: Option<Evidence>,
}

impl AppLayout {
    pub fn is_empty(&self) -> bool {
        self == &AppLayout::default()
    }

    /// Every path of the layout, for re-rooting a service's facts.
    pub fn paths_mut(&mut self) -> Vec<&mut String> {
        let mut out: Vec<&mut String> = Vec::new();
        if let Some(a) = &mut self.app {
            out.push(&mut a.evidence.path);
        }
        if let Some(r) = &mut self.next_routes {
            out.push(&mut r.dir);
        }
        if let Some(p) = &mut self.route_prefix {
            out.push(&mut p.evidence.path);
        }
        for e in [
            &mut self.root_module,
            &mut self.router_plug,
            &mut self.laravel_routing,
            &mut self.rack_run,
        ]
        .into_iter()
        .flatten()
        {
            out.push(&mut e.path);
        }
        out
    }
}
