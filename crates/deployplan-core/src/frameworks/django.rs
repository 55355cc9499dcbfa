//! Django: its WSGI module (`<project>/wsgi.py`, found from `manage.py`'s
//! `DJANGO_SETTINGS_MODULE`) served by gunicorn; `/health/` for the generated endpoint.

use super::python_server::{self, AppServerInstall};
use super::{Conventions, Framework, FrameworkProvider, HealthConvention, Role::*, fw};
use crate::answers::Stack;
use crate::facts::{AppInterface, Facts};

pub struct Django;

impl FrameworkProvider for Django {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[fw("django", "Django", FullStack, Stack::Python)];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn conventions(&self, facts: &Facts) -> Conventions {
        python_server::conventions(facts, "Django", None)
    }
    fn app_server(&self, facts: &Facts) -> Option<AppServerInstall> {
        facts.app_entry.as_ref()?;
        python_server::missing_server(facts, python_server::interface(facts, AppInterface::Wsgi))
    }
    fn health(&self, _: &str) -> Option<HealthConvention> {
        Some(HealthConvention {
            family: "django",
            path: "/health/",
        })
    }
}
