//! One shape for the domain's closed sets of names (roles, states, kinds...): each value has
//! one text, the same in the database, on the wire (serde's `snake_case`) and in the
//! catalogues' keys, and an unknown text is an error, never a silent default.

/// A stored or received text that names no value of the set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is no {kind}")]
pub struct UnknownText {
    pub kind: &'static str,
    pub text: String,
}

macro_rules! count {
    () => { 0usize };
    ($head:ident $($tail:ident)*) => { 1usize + count!($($tail)*) };
}

/// `text_enum!(Role { Member => "member", Staff => "staff" })`: `ALL`, `as_str`, `parse`,
/// `Display`, and the conversions to and from `String` the API's rows use. An error type
/// whose `Display` is its message says `text_enum!(ExchangeRefusal (error) { ... })`.
macro_rules! text_enum {
    ($ty:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        text_enum!(@core $ty { $($variant => $text),+ });

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
    ($ty:ident (error) { $($variant:ident => $text:literal),+ $(,)? }) => {
        text_enum!(@core $ty { $($variant => $text),+ });
    };
    (@core $ty:ident { $($variant:ident => $text:literal),+ }) => {
        impl $ty {
            /// Every value, in a fixed order.
            pub const ALL: [$ty; count!($($variant)+)] = [$($ty::$variant),+];

            /// The text that names the value (database, wire, catalogue keys).
            pub const fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),+ }
            }

            /// The value a text names; `None` for an unknown text.
            pub fn parse(text: &str) -> Option<$ty> {
                match text { $($text => Some($ty::$variant),)+ _ => None }
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.as_str().to_owned()
            }
        }

        impl TryFrom<String> for $ty {
            type Error = $crate::text_enum::UnknownText;
            fn try_from(text: String) -> Result<$ty, Self::Error> {
                $ty::parse(&text).ok_or($crate::text_enum::UnknownText { kind: stringify!($ty), text })
            }
        }
    };
}
