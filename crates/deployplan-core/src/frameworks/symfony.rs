//! Symfony (production is `APP_ENV=prod`, not `production`) and Slim.

use super::{Framework, FrameworkProvider, Role::*, fw, stack_switches};
use crate::answers::Stack;

pub struct Symfony;

impl FrameworkProvider for Symfony {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[
            fw("symfony", "Symfony", FullStack, Stack::Php),
            fw("slim", "Slim", Api, Stack::Php),
        ];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn switches(&self, id: &str) -> &'static [(&'static str, &'static str)] {
        match id {
            "symfony" => &[("APP_ENV", "prod")],
            // Slim has no environment switch of its own: the stack's apply to it.
            _ => stack_switches(Stack::Php),
        }
    }
}
