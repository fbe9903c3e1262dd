//! A JS object read field by field: an options object (`ClientOptions`, `CallOptions`,
//! `PlanOptions`, `ApplyOptions`), strictly, and the objects inside the roster arguments
//! (a roster's entries, a plan, its actions), leniently: how one is declared and how it is
//! read.
//!
//! Each option is declared once, in [`options_object!`]: its field, the key JS spells, the
//! type serde reads, and what a value of another type is told. One visitor reads the object:
//! it walks the object's own entries once (`deserialize_map`: serde-wasm-bindgen walks
//! `Object.entries` of the shell's plain copy), so an unknown key is named from the entry
//! itself, with no key list kept beside the type and no second pass; a value of the wrong
//! type is named by its key, never shown (serde's own messages quote values, and a misspelt
//! `apiSecrte` holds a secret).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::core::error::Problem;

/// What one entry was, as [`OptionsObject::read_entry`] found it.
pub enum Entry {
    /// A declared key, its value read.
    Read,
    /// A declared key whose value has the wrong type.
    WrongType(&'static str),
    /// A key the type does not declare (its value not read).
    Unknown,
}

/// An options type [`read`] can fill, one entry at a time. Written by [`options_object!`].
pub trait OptionsObject<'de>: Default {
    /// The keys, as JS spells them, in declaration order (for messages that list them).
    const KEYS: &'static [&'static str];

    /// Reads the value of `key` from `map` into its field.
    fn read_entry<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Entry;

    /// What a value of `key` must be, for its error (`"must be a string"`).
    fn problem(key: &str) -> &'static str;
}

/// Reads an options object: every entry once. An unknown key wins over a wrong type (it is
/// the likelier mistake: a misspelt key), each the first met. The problem is placed at the
/// key (`timeoutMs`), or has no place when the value is not an object; the caller places it
/// further (`options.timeoutMs`).
pub fn read<'de, T: OptionsObject<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, Problem> {
    read_with(deserializer, false)
}

/// Reads an object leniently: unknown keys are skipped and a value of the wrong type is left
/// `None`, for the caller to name (`roster[3].email must be a string`); `None` when the value
/// is not an object.
pub fn read_lenient<'de, T: OptionsObject<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Option<T> {
    read_with(deserializer, true).ok()
}

fn read_with<'de, T: OptionsObject<'de>, D: Deserializer<'de>>(
    deserializer: D,
    lenient: bool,
) -> Result<T, Problem> {
    deserializer
        .deserialize_map(Reader {
            lenient,
            out: PhantomData,
        })
        .unwrap_or_else(|_| {
            Err(Problem::new(format!(
                "must be an object like {{ {} }}",
                T::KEYS.join(", ")
            )))
        })
}

/// An item of an array, read on its own by [`read_lenient`], so that one bad item does not
/// hide the index of the others: `None` when it is not an object.
pub struct Item<T>(pub Option<T>);

impl<'de, T: OptionsObject<'de>> Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Item(read_lenient(deserializer)))
    }
}

/// A value of any serde type, read on its own: `None` when it is not a `T` (the plan's
/// actions, each named by its index when malformed).
pub struct Readable<T>(pub Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Readable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Readable(T::deserialize(deserializer).ok()))
    }
}

struct Reader<T> {
    lenient: bool,
    out: PhantomData<T>,
}

impl<'de, T: OptionsObject<'de>> Visitor<'de> for Reader<T> {
    type Value = Result<T, Problem>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = T::default();
        let mut wrong_type = None;
        while let Some(key) = map.next_key::<String>()? {
            match object.read_entry(&key, &mut map) {
                Entry::Read => {}
                Entry::WrongType(_) if self.lenient => {}
                Entry::WrongType(key) => {
                    wrong_type = wrong_type.or(Some(key));
                }
                Entry::Unknown if self.lenient => {
                    map.next_value::<IgnoredAny>()?;
                }
                Entry::Unknown => {
                    // The rest is read (and dropped), so a deserializer that checks the map
                    // was consumed (serde_json's) does not turn this into "not an object".
                    map.next_value::<IgnoredAny>()?;
                    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                    let known = T::KEYS.join(", ");
                    return Ok(Err(Problem::at(
                        key,
                        format!("is not a known option (known: {known})"),
                    )));
                }
            }
        }
        Ok(match wrong_type {
            Some(key) => Err(Problem::at(key, T::problem(key))),
            None => Ok(object),
        })
    }
}

/// Declares an options type: a struct of `Option` fields, its [`Default`] (nothing given),
/// and its [`OptionsObject`] reader. Each line is one option:
/// `doc, field: Type = "jsKey" => "what a wrong type is told"`. `undefined` and `null` both
/// read as `None` (not given).
macro_rules! options_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<$($param:ident),*> {
            $( $(#[$doc:meta])* $field:ident: $ty:ty = $key:literal => $problem:expr, )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name<$($param),*> {
            $( $(#[$doc])* pub $field: Option<$ty>, )*
        }

        impl<$($param),*> Default for $name<$($param),*> {
            fn default() -> Self {
                $name { $( $field: None, )* }
            }
        }

        impl<'de, $($param: serde::Deserialize<'de>),*> $crate::core::object::OptionsObject<'de>
            for $name<$($param),*>
        {
            const KEYS: &'static [&'static str] = &[$($key),*];

            fn read_entry<A: serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> $crate::core::object::Entry {
                use $crate::core::object::Entry;
                match key {
                    $( $key => match map.next_value() {
                        Ok(value) => {
                            self.$field = value;
                            Entry::Read
                        }
                        Err(_) => Entry::WrongType($key),
                    }, )*
                    _ => Entry::Unknown,
                }
            }

            fn problem(key: &str) -> &'static str {
                match key {
                    $( $key => $problem, )*
                    _ => "is not a known option",
                }
            }
        }
    };
}

pub(crate) use options_object;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    options_object! {
        /// A test type.
        #[derive(Debug, PartialEq)]
        pub struct Sample<S> {
            /// A string.
            name: String = "name" => "must be a string",
            /// A number.
            size: f64 = "sizeMs" => "must be a number",
            /// Anything.
            handle: S = "handle" => "must be a handle",
        }
    }

    fn sample(value: serde_json::Value) -> Result<Sample<serde_json::Value>, Problem> {
        read(value)
    }

    const KNOWN: &str = "is not a known option (known: name, sizeMs, handle)";

    #[test]
    fn every_declared_key_is_read_and_null_is_not_given() {
        let s = sample(json!({"name": "n", "sizeMs": 2.5, "handle": [1]})).unwrap();
        assert_eq!(
            s,
            Sample {
                name: Some("n".into()),
                size: Some(2.5),
                handle: Some(json!([1]))
            }
        );
        assert_eq!(sample(json!({"name": null})).unwrap(), Sample::default());
        assert_eq!(sample(json!({})).unwrap(), Sample::default());
        assert_eq!(Sample::<()>::KEYS, ["name", "sizeMs", "handle"]);
    }

    #[test]
    fn a_wrong_type_names_its_key_and_an_unknown_key_wins() {
        assert_eq!(
            sample(json!({"name": "n", "sizeMs": "2"})),
            Err(Problem::at("sizeMs", "must be a number"))
        );
        assert_eq!(
            sample(json!({"name": 1, "sizeMs": "2"})),
            Err(Problem::at("name", "must be a string"))
        );
        assert_eq!(
            sample(json!({"name": 1, "bogus": 2, "other": 3})),
            Err(Problem::at("bogus", KNOWN))
        );
        assert_eq!(
            sample(json!({"bogus": 2, "name": 1})),
            Err(Problem::at("bogus", KNOWN))
        );
        // From text too (serde_json checks the whole map was read).
        let r: Result<Sample<()>, _> = read(&mut serde_json::Deserializer::from_str(
            r#"{"b":{"x":[1]},"name":"n"}"#,
        ));
        assert_eq!(r, Err(Problem::at("b", KNOWN)));
    }

    #[test]
    fn leniently_a_wrong_type_is_not_given_and_unknown_keys_are_skipped() {
        let s: Sample<()> =
            read_lenient(json!({"name": 5, "bogus": {"a": 1}, "sizeMs": 2})).unwrap();
        assert_eq!((s.name, s.size), (None, Some(2.0)));
        assert_eq!(read_lenient::<Sample<()>, _>(json!([1])), None);
        let items: Vec<Item<Sample<()>>> =
            serde_json::from_value(json!([{"name": "a"}, 7, {"name": 1}])).unwrap();
        let names: Vec<_> = items.into_iter().map(|Item(i)| i.map(|s| s.name)).collect();
        assert_eq!(names, [Some(Some("a".to_string())), None, Some(None)]);
        let numbers: Vec<Readable<u8>> = serde_json::from_value(json!([1, "x", 300])).unwrap();
        let numbers: Vec<_> = numbers.into_iter().map(|Readable(n)| n).collect();
        assert_eq!(numbers, [Some(1), None, None]);
    }

    #[test]
    fn not_an_object() {
        for value in [json!(null), json!("x"), json!([1]), json!(5), json!(true)] {
            assert_eq!(
                sample(value),
                Err(Problem::new(
                    "must be an object like { name, sizeMs, handle }"
                ))
            );
        }
    }

    #[test]
    fn each_key_says_what_it_must_be() {
        assert_eq!(Sample::<()>::problem("name"), "must be a string");
        assert_eq!(Sample::<()>::problem("sizeMs"), "must be a number");
        assert_eq!(Sample::<()>::problem("handle"), "must be a handle");
        assert_eq!(Sample::<()>::problem("zzz"), "is not a known option");
    }
}
