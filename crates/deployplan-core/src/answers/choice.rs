//! Closed sets of answers (app type, budget, CI host, ...) as data: one id, label and help line
//! per option. The CLI, the answers file and the interview all read these tables, so the three
//! input paths cannot drift apart.

use std::fmt;

/// A value that is not one of a question's options.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {key} `{value}`; valid values: {}", valid.join(", "))]
pub struct UnknownValue {
    pub key: &'static str,
    pub value: String,
    pub valid: Vec<&'static str>,
}

/// One option of a closed question.
pub trait Choice: Copy + Eq + fmt::Debug + 'static {
    /// The answers-file key and flag name this choice is stored under.
    const KEY: &'static str;
    fn all() -> &'static [Self];
    fn id(self) -> &'static str;
    fn label(self) -> &'static str;
    fn help(self) -> &'static str;

    fn parse(value: &str) -> Result<Self, UnknownValue> {
        Self::all()
            .iter()
            .copied()
            .find(|c| c.id() == value)
            .ok_or_else(|| UnknownValue {
                key: Self::KEY,
                value: value.to_string(),
                valid: Self::all().iter().map(|c| c.id()).collect(),
            })
    }
}

/// Declares a choice enum with its ids, labels and help lines, plus serde and Display impls
/// that use the id (so files and flags spell values the same way).
macro_rules! choice_enum {
    (
        $(#[$meta:meta])*
        $name:ident, key = $key:literal {
            $( $variant:ident => ($id:literal, $label:literal, $help:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $variant ),+ }

        impl $crate::answers::choice::Choice for $name {
            const KEY: &'static str = $key;
            fn all() -> &'static [Self] { &[ $( Self::$variant ),+ ] }
            fn id(self) -> &'static str { match self { $( Self::$variant => $id ),+ } }
            fn label(self) -> &'static str { match self { $( Self::$variant => $label ),+ } }
            fn help(self) -> &'static str { match self { $( Self::$variant => $help ),+ } }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::answers::choice::Choice::id(*self))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::answers::choice::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <Self as $crate::answers::choice::Choice>::parse(s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::answers::choice::Choice::id(*self))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <String as ::serde::Deserialize>::deserialize(d)?;
                raw.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use choice_enum;
