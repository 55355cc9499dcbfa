//! Express: a handler factory the app mounts with `app.get(path, health(check))`.

use deployplan_core::plan::EndpointFamily;

use super::js::{common, export_default, ty};
use super::{Context, EndpointSource};

pub struct Express;

impl EndpointSource for Express {
    fn families(&self) -> &'static [EndpointFamily] {
        &[EndpointFamily::Express]
    }

    fn source(&self, cx: &Context) -> String {
        let l = cx.language;
        let import = if l == deployplan_core::plan::SourceLanguage::TypeScript {
            "import type { Request, Response } from 'express';\n\n"
        } else {
            ""
        };
        format!(
            "{import}{common}\n{export}function health(checkDatabase{ochk}) {{\n  return async function healthHandler(_req{req}, res{res}) {{\n    const [code, body] = await report(checkDatabase);\n    res.status(code).json(body);\n  }};\n}}\n",
            common = common(l, "an Express handler", &cx.mount_comment()),
            export = export_default(l),
            ochk = ty(l, "?: Check"),
            req = ty(l, ": Request"),
            res = ty(l, ": Response"),
        )
    }
}
