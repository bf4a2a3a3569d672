//! `#[mpconfig(...)]` attributes, and the `#[serde(...)]` ones that decide
//! how keys are named.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr, Token};

use crate::case::RenameRule;
use crate::ctxt::Ctxt;

/// What a marked field carries: one of the `[multiprocessing]` settings,
/// named as in mpconfig's settings registry (`mpconfig_core::Field`), which
/// is where the names come from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Role(mpconfig_core::Field);

impl Role {
    /// Every setting, in the registry's order.
    pub fn all() -> impl Iterator<Item = Role> {
        mpconfig_core::Field::ALL.iter().copied().map(Role)
    }

    /// The attribute word, which is also the key in `[multiprocessing]`
    /// and the name of its role in `__private::roles`.
    pub fn name(self) -> &'static str {
        self.0.key()
    }
}

/// What a field is marked with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mark {
    Role(Role),
    Flatten,
}

/// `#[mpconfig(...)]` on the struct.
#[derive(Default)]
pub struct ContainerAttrs {
    /// `crate = "path"`.
    pub krate: Option<syn::Path>,
    /// `validate_with = "path"`.
    pub validate_with: Option<syn::Path>,
    /// `dispatcher = "mpconfig"`: what answers the host's children.
    pub dispatcher: Option<LitStr>,
    /// `#[serde(rename_all = "...")]`.
    pub rename_all: Option<RenameRule>,
}

/// `#[mpconfig(...)]` and the relevant `#[serde(...)]` on a field.
#[derive(Default)]
pub struct FieldAttrs {
    /// The mark and the span of its word, for errors.
    pub mark: Option<(Mark, Span)>,
    /// `#[serde(rename = "...")]`.
    pub rename: Option<String>,
    /// `#[serde(flatten)]`: the field's keys sit at this struct's level.
    pub serde_flatten: bool,
}

pub fn container(cx: &mut Ctxt, attrs: &[Attribute]) -> ContainerAttrs {
    let mut out = ContainerAttrs::default();
    for attr in attrs {
        if attr.path().is_ident("mpconfig") {
            let result = attr.parse_nested_meta(|meta| {
                // #[mpconfig(crate = "path")]
                if meta.path.is_ident("crate") {
                    let path = path_value(&meta)?;
                    set_once(cx, &meta, &mut out.krate, path, "crate");
                // #[mpconfig(validate_with = "path")]
                } else if meta.path.is_ident("validate_with") {
                    let path = path_value(&meta)?;
                    set_once(cx, &meta, &mut out.validate_with, path, "validate_with");
                // #[mpconfig(dispatcher = "mpconfig")]
                } else if meta.path.is_ident("dispatcher") {
                    let value = dispatcher_value(&meta)?;
                    set_once(cx, &meta, &mut out.dispatcher, value, "dispatcher");
                } else {
                    let name = path_name(&meta.path);
                    let hint = if Role::all().any(|r| r.name() == name) || name == "flatten" {
                        format!("; `{name}` goes on a field")
                    } else {
                        String::new()
                    };
                    cx.error_spanned_by(
                        &meta.path,
                        format!("unknown mpconfig container attribute `{name}`{hint}"),
                    );
                    skip_value(&meta)?;
                }
                Ok(())
            });
            if let Err(e) = result {
                cx.syn_error(e);
            }
        } else if attr.path().is_ident("serde") {
            // Mistakes in #[serde] are serde's to report: parse leniently.
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename_all") {
                    if let Some(s) = serde_name(&meta)? {
                        out.rename_all = RenameRule::from_str(&s);
                    }
                } else {
                    skip_value(&meta)?;
                }
                Ok(())
            });
        }
    }
    out
}

pub fn field(cx: &mut Ctxt, attrs: &[Attribute]) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for attr in attrs {
        if attr.path().is_ident("mpconfig") {
            let result = attr.parse_nested_meta(|meta| {
                let name = path_name(&meta.path);
                // #[mpconfig(start_method)], #[mpconfig(auto_dispatch)], …
                // #[mpconfig(flatten)]
                let mark = Role::all()
                    .find(|r| r.name() == name)
                    .map(Mark::Role)
                    .or_else(|| (name == "flatten").then_some(Mark::Flatten));
                let Some(mark) = mark else {
                    let hint = if ["crate", "validate_with", "dispatcher"].contains(&name.as_str())
                    {
                        format!("; `{name}` goes on the struct")
                    } else {
                        format!(
                            "; expected one of {}, flatten",
                            Role::all().map(|r| r.name()).collect::<Vec<_>>().join(", ")
                        )
                    };
                    cx.error_spanned_by(
                        &meta.path,
                        format!("unknown mpconfig field attribute `{name}`{hint}"),
                    );
                    return skip_value(&meta);
                };
                if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
                    cx.error_spanned_by(
                        &meta.path,
                        format!("`{name}` takes no value: write `#[mpconfig({name})]`"),
                    );
                    skip_value(&meta)?;
                }
                match out.mark {
                    Some((previous, _)) if previous == mark => cx.error_spanned_by(
                        &meta.path,
                        format!("duplicate mpconfig attribute `{name}`"),
                    ),
                    Some(_) => {
                        cx.error_spanned_by(&meta.path, "a field can carry only one mpconfig role")
                    }
                    None => out.mark = Some((mark, path_span(&meta.path))),
                }
                Ok(())
            });
            if let Err(e) = result {
                cx.syn_error(e);
            }
        } else if attr.path().is_ident("serde") {
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    if let Some(s) = serde_name(&meta)? {
                        out.rename = Some(s);
                    }
                } else if meta.path.is_ident("flatten") {
                    out.serde_flatten = true;
                } else {
                    skip_value(&meta)?;
                }
                Ok(())
            });
        }
    }
    out
}

fn path_name(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

fn path_span(path: &syn::Path) -> Span {
    path.segments
        .first()
        .map_or_else(Span::call_site, |s| s.ident.span())
}

fn set_once<T>(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    slot: &mut Option<T>,
    value: Option<T>,
    name: &str,
) {
    if slot.is_some() {
        cx.error_spanned_by(&meta.path, format!("duplicate mpconfig attribute `{name}`"));
    } else {
        *slot = value;
    }
}

/// `= "a::b"`: a path in a string. `Ok(None)` after reporting a malformed
/// one is not possible here, so malformed values are errors.
fn path_value(meta: &ParseNestedMeta<'_>) -> syn::Result<Option<syn::Path>> {
    let name = path_name(&meta.path);
    if !meta.input.peek(Token![=]) {
        return Err(meta.error(format!("expected `{name} = \"...\"`")));
    }
    let lit: LitStr = meta.value()?.parse().map_err(|e| {
        syn::Error::new(
            e.span(),
            format!("expected `{name} = \"...\"`: a path in a string"),
        )
    })?;
    match lit.parse::<syn::Path>() {
        Ok(path) => Ok(Some(path)),
        Err(_) => Err(syn::Error::new(
            lit.span(),
            format!(
                "`{name}` must be a path, like \"my_crate::check\"; found {:?}",
                lit.value()
            ),
        )),
    }
}

/// `= "mpconfig"`: one of the names of `mpconfig_core::Dispatcher`.
fn dispatcher_value(meta: &ParseNestedMeta<'_>) -> syn::Result<Option<LitStr>> {
    let names = mpconfig_core::Dispatcher::NAMES
        .map(|n| format!("\"{n}\""))
        .join(" or ");
    if !meta.input.peek(Token![=]) {
        return Err(meta.error(format!("expected `dispatcher = {names}`")));
    }
    let lit: LitStr = meta
        .value()?
        .parse()
        .map_err(|e| syn::Error::new(e.span(), format!("expected `dispatcher = {names}`")))?;
    match lit.value().parse::<mpconfig_core::Dispatcher>() {
        Ok(_) => Ok(Some(lit)),
        Err(_) => Err(syn::Error::new(
            lit.span(),
            format!("unknown dispatcher {:?}: expected {names}", lit.value()),
        )),
    }
}

/// serde's `rename = "x"` or `rename(deserialize = "x", ...)`: the name in
/// the file, which is the deserialize one.
fn serde_name(meta: &ParseNestedMeta<'_>) -> syn::Result<Option<String>> {
    if meta.input.peek(Token![=]) {
        let lit: LitStr = meta.value()?.parse()?;
        return Ok(Some(lit.value()));
    }
    let mut name = None;
    if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| {
            if inner.path.is_ident("deserialize") {
                let lit: LitStr = inner.value()?.parse()?;
                name = Some(lit.value());
            } else {
                skip_value(&inner)?;
            }
            Ok(())
        })?;
    }
    Ok(name)
}

/// Consumes whatever value an attribute we do not read has.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let _: syn::Lit = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        let _: TokenStream = content.parse()?;
    }
    Ok(())
}
