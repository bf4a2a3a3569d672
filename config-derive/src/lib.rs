//! `#[derive(Bootstrap)]` for mpconfig: use it through the `mpconfig` crate
//! (`use mpconfig::Bootstrap;`), whose docs have the full example.
//!
//! Parse (`ast`), check (`check`), expand (`expand`); mistakes are
//! collected (`ctxt`) so every one is reported at once, and a stub impl is
//! still emitted so they do not cascade. The names of the settings a field
//! can carry come from mpconfig's settings registry (`mpconfig_core::Field`);
//! the generated code reaches each through `__private::roles`.

mod ast;
mod attr;
mod case;
mod check;
mod ctxt;
mod expand;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Implements `mpconfig::Bootstrap` for a struct with named fields.
///
/// Field attributes: `#[mpconfig(start_method)]`, `auto_dispatch`,
/// `sys_frozen`, `executable`, `forkserver_preload`,
/// `forkserver_preload_on_error`, `apply`, `families` (on a field of that
/// setting's type or an `Option` of it), `#[mpconfig(flatten)]` (on a
/// field whose type implements `Bootstrap`). Container attributes:
/// `#[mpconfig(crate = "path")]`, `#[mpconfig(validate_with = "path")]`.
#[proc_macro_derive(Bootstrap, attributes(mpconfig))]
pub fn derive_bootstrap(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
