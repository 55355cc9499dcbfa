//! ASGI frameworks: FastAPI, Starlette, Litestar, served by uvicorn (gunicorn speaks WSGI
//! and cannot serve them); `/health` for FastAPI's generated endpoint.

use super::python_server::{self, AppServerInstall};
use super::{Conventions, Framework, FrameworkProvider, HealthConvention, Role::*, fw};
use crate::answers::Stack;
use crate::facts::{AppEntry, AppInterface, Facts};

pub struct FastApi;

impl FrameworkProvider for FastApi {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[
            fw("fastapi", "FastAPI", Api, Stack::Python),
            fw("litestar", "Litestar", Api, Stack::Python),
            fw("starlette", "Starlette", Api, Stack::Python),
        ];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn conventions(&self, facts: &Facts) -> Conventions {
        // Without an app object found, the layout of the frameworks' tutorials: `app` in
        // `main.py`, served by an ASGI server, never the WSGI stack default.
        let tutorial = AppEntry {
            interface: AppInterface::Asgi,
            target: "main:app".into(),
            settings_module: None,
            chdir: None,
            production_settings: None,
            evidence: Vec::new(),
        };
        python_server::conventions(
            facts,
            "the ASGI app",
            Some((
                &tutorial,
                "the tutorials' layout (`app` in main.py) served by an ASGI server; the scan found no app object",
            )),
        )
    }
    fn app_server(&self, facts: &Facts) -> Option<AppServerInstall> {
        python_server::missing_server(facts, AppInterface::Asgi)
    }
    fn health(&self, id: &str) -> Option<HealthConvention> {
        (id == "fastapi").then_some(HealthConvention {
            family: "fastapi",
            path: "/health",
        })
    }
}
