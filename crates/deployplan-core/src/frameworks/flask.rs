//! Flask: its app object or factory (`create_app()`) served by gunicorn, not `flask run`
//! (the development server); `/health` for the generated endpoint.

use super::python_server::{self, AppServerInstall};
use super::{Conventions, Framework, FrameworkProvider, HealthConvention, Role::*, fw};
use crate::answers::Stack;
use crate::facts::{AppInterface, Facts};

pub struct Flask;

impl FrameworkProvider for Flask {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[fw("flask", "Flask", Api, Stack::Python)];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn conventions(&self, facts: &Facts) -> Conventions {
        python_server::conventions(facts, "Flask", None)
    }
    fn app_server(&self, facts: &Facts) -> Option<AppServerInstall> {
        facts.app_entry.as_ref()?;
        python_server::missing_server(facts, python_server::interface(facts, AppInterface::Wsgi))
    }
    fn health(&self, _: &str) -> Option<HealthConvention> {
        Some(HealthConvention {
            family: "flask",
            path: "/health",
        })
    }
}
