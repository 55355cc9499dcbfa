//! FastAPI: an `APIRouter` included where the app is created.

use deployplan_core::plan::EndpointFamily;

use super::python::{ASYNC_HANDLER_BODY, header};
use super::{Context, EndpointSource};

pub struct FastApi;

impl EndpointSource for FastApi {
    fn families(&self) -> &'static [EndpointFamily] {
        &[EndpointFamily::FastApi]
    }

    fn source(&self, cx: &Context) -> String {
        format!(
            r#"{header}

async def check_database() -> bool:
    """Ping the database here with the app's own session, e.g.
    `async with async_session() as s: await s.execute(text("SELECT 1"))`, and return True.
    False means there is nothing to check."""
    return False


router = APIRouter()


@router.get({route}, include_in_schema=False)
async def health() -> JSONResponse:
{body}"#,
            body = ASYNC_HANDLER_BODY,
            header = header(
                "a FastAPI router",
                &cx.mount_comment(),
                "from fastapi import APIRouter\nfrom fastapi.responses import JSONResponse\n"
            ),
            route = cx.route_literal(),
        )
    }
}
