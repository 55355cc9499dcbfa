//! NestJS: a controller listed in the root module. A failed check is a
//! `ServiceUnavailableException` carrying the body: 503 with the same JSON on the Express
//! and the Fastify adapter.

use deployplan_core::plan::EndpointFamily;

use super::js::common;
use super::{Context, EndpointSource};

pub struct Nest;

impl EndpointSource for Nest {
    fn families(&self) -> &'static [EndpointFamily] {
        &[EndpointFamily::Nest]
    }

    fn source(&self, cx: &Context) -> String {
        let l = cx.language;
        format!(
            "import {{ Controller, Get, ServiceUnavailableException }} from '@nestjs/common';\n\n{common}\n@Controller({route})\nexport class HealthController {{\n  /** The database ping: inject the app's own client in the constructor and return its\n   *  query here (e.g. `() => this.dataSource.query('SELECT 1')`); undefined checks only\n   *  the process. */\n  private readonly checkDatabase: Check | undefined = undefined;\n\n  @Get()\n  async check(): Promise<Record<string, unknown>> {{\n    const [code, body] = await report(this.checkDatabase);\n    if (code !== 200) {{\n      throw new ServiceUnavailableException(body);\n    }}\n    return body;\n  }}\n}}\n",
            common = common(l, "a NestJS controller", &cx.mount_comment()),
            route = cx.literal(cx.route),
        )
    }
}
