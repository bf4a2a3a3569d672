//! The input struct: its fields, marks and key names.

use proc_macro2::Span;
use syn::{Data, DeriveInput, Fields, Ident, Type};

use crate::attr::{self, ContainerAttrs, Mark};
use crate::ctxt::Ctxt;

pub struct Container<'a> {
    pub original: &'a DeriveInput,
    pub attrs: ContainerAttrs,
    pub fields: Vec<Field<'a>>,
}

pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub mark: Option<(Mark, Span)>,
    /// The key this field has in the file ("" under `#[serde(flatten)]`).
    pub key: String,
}

impl<'a> Container<'a> {
    /// `None` (with an error in `cx`) for enums, unions and tuple structs.
    pub fn from_ast(cx: &mut Ctxt, input: &'a DeriveInput) -> Option<Container<'a>> {
        let attrs = attr::container(cx, &input.attrs);
        let named = match &input.data {
            Data::Struct(s) => {
                match &s.fields {
                    Fields::Named(named) => named,
                    Fields::Unnamed(_) => {
                        cx.error_spanned_by(&s.fields, "#[derive(Bootstrap)] needs named fields: a tuple struct has no keys to report");
                        return None;
                    }
                    Fields::Unit => {
                        cx.error_spanned_by(&input.ident, "#[derive(Bootstrap)] needs a struct with named fields, not a unit struct");
                        return None;
                    }
                }
            }
            Data::Enum(e) => {
                cx.error_spanned_by(
                    e.enum_token,
                    "#[derive(Bootstrap)] is for structs with named fields, not enums",
                );
                return None;
            }
            Data::Union(u) => {
                cx.error_spanned_by(
                    u.union_token,
                    "#[derive(Bootstrap)] is for structs with named fields, not unions",
                );
                return None;
            }
        };
        let fields = named
            .named
            .iter()
            .filter_map(|f| {
                let ident = f.ident.as_ref()?;
                let fa = attr::field(cx, &f.attrs);
                let name = ident.to_string();
                let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
                let key = if fa.serde_flatten {
                    String::new()
                } else if let Some(rename) = fa.rename {
                    rename
                } else if let Some(rule) = attrs.rename_all {
                    rule.apply(&name)
                } else {
                    name
                };
                Some(Field {
                    ident,
                    ty: &f.ty,
                    mark: fa.mark,
                    key,
                })
            })
            .collect();
        Some(Container {
            original: input,
            attrs,
            fields,
        })
    }
}
