//! Nuxt: a server route (`server/routes/health.ts`); `defineEventHandler` and
//! `setResponseStatus` are Nuxt's auto-imports. The file is the route: nothing to mount.

use deployplan_core::plan::EndpointFamily;

use super::js::{file_route_common, ty};
use super::{Context, EndpointSource};

pub struct Nuxt;

impl EndpointSource for Nuxt {
    fn families(&self) -> &'static [EndpointFamily] {
        &[EndpointFamily::Nuxt]
    }

    fn source(&self, cx: &Context) -> String {
        let l = cx.language;
        format!(
            "{common}\nexport default defineEventHandler(async (event{any}) => {{\n  const [code, body] = await report(checkDatabase);\n  setResponseStatus(event, code);\n  return body;\n}});\n",
            common = file_route_common(l, "a Nuxt server route", &cx.served()),
            any = ty(l, ": any"),
        )
    }
}
