//! Rack frameworks other than Rails: Hanami and Sinatra (the stack's puma conventions).

use super::{Framework, FrameworkProvider, Role::*, fw};
use crate::answers::Stack;

pub struct RubyRack;

impl FrameworkProvider for RubyRack {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[
            fw("hanami", "Hanami", FullStack, Stack::Ruby),
            fw("sinatra", "Sinatra", Api, Stack::Ruby),
        ];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
}
