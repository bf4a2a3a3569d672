//! The generated `impl Bootstrap`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::DeriveInput;
use syn::spanned::Spanned;

use crate::ast::{Container, Field};
use crate::attr::Mark;
use crate::ctxt::Ctxt;

pub fn derive(input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let container = Container::from_ast(&mut cx, input);
    if let Some(c) = &container {
        crate::check::check(&mut cx, c);
    }
    let krate = container
        .as_ref()
        .and_then(|c| c.attrs.krate.clone())
        .unwrap_or_else(|| syn::parse_quote!(::mpconfig));
    match (cx.check(), container) {
        (Ok(()), Some(c)) => implementation(&c, &krate),
        (Err(e), _) => {
            let stub = stub(input, &krate);
            let errors = e.into_compile_error();
            quote!(#errors #stub)
        }
        (Ok(()), None) => stub(input, &krate),
    }
}

fn implementation(c: &Container<'_>, krate: &syn::Path) -> TokenStream {
    let p = quote!(#krate::__private);
    let ident = &c.original.ident;
    let (impl_generics, ty_generics, where_clause) = c.original.generics.split_for_impl();

    let flatten = c
        .fields
        .iter()
        .find(|f| matches!(f.mark, Some((Mark::Flatten, _))));
    let roles: Vec<(&Field<'_>, crate::attr::Role)> = c
        .fields
        .iter()
        .filter_map(|f| match f.mark {
            Some((Mark::Role(r), _)) => Some((f, r)),
            _ => None,
        })
        .collect();

    // The flattened field's settings first; marked fields override them.
    let base = match flatten {
        Some(f) => {
            let name = f.ident;
            quote_spanned!(f.ty.span()=> #p::Bootstrap::multiprocessing_config(&self.#name))
        }
        None => quote!(<#p::MultiprocessingConfig as ::core::default::Default>::default()),
    };
    let sets = roles.iter().map(|(f, role)| {
        let name = f.ident;
        let role = format_ident!("{}", role.name());
        let value_type = quote!(<#p::roles::#role as #p::Role>::Value);
        let get = quote_spanned!(f.ty.span()=> <_ as #p::FieldValue<#value_type>>::field_value(&self.#name));
        quote! {
            if let #p::Option::Some(value) = #get {
                <#p::roles::#role as #p::Role>::set(&mut config, value);
            }
        }
    });

    let paths = roles.iter().map(|(f, role)| {
        let role = format_ident!("{}", role.name());
        let key = &f.key;
        quote! {
            if field == <#p::roles::#role as #p::Role>::FIELD {
                return #p::Option::Some(#p::String::from(#key));
            }
        }
    });
    let fallback = match flatten {
        Some(f) => {
            let name = f.ident;
            let key = &f.key;
            let path = quote_spanned!(f.ty.span()=> #p::Bootstrap::key_path(&self.#name, field));
            quote!(#p::Option::map(#path, |path| #p::join(#key, path)))
        }
        None => quote!(#p::Option::None),
    };

    // Where the flattened table would set a setting a marked field sets
    // instead (when the field gives a value).
    let overridden = match flatten {
        Some(f) => {
            let flat = f.ident;
            let key = &f.key;
            let flat_path =
                quote_spanned!(f.ty.span()=> #p::Bootstrap::key_path(&self.#flat, field));
            let by_role = roles.iter().map(|(marked, role)| {
                let name = marked.ident;
                let role = format_ident!("{}", role.name());
                let value_type = quote!(<#p::roles::#role as #p::Role>::Value);
                let get = quote_spanned!(marked.ty.span()=> <_ as #p::FieldValue<#value_type>>::field_value(&self.#name));
                quote! {
                    if field == <#p::roles::#role as #p::Role>::FIELD {
                        if #p::Option::is_none(&#get) {
                            return #p::Option::None;
                        }
                        return #p::Option::map(#flat_path, |path| #p::join(#key, path));
                    }
                }
            });
            let nested = quote_spanned!(f.ty.span()=> #p::Bootstrap::overridden_key_path(&self.#flat, field));
            quote! {
                fn overridden_key_path(&self, field: #p::Field) -> #p::Option<#p::String> {
                    #(#by_role)*
                    #p::Option::map(#nested, |path| #p::join(#key, path))
                }
            }
        }
        None => quote!(),
    };
    let dispatcher = match (&c.attrs.dispatcher, flatten) {
        (Some(name), _) => quote! {
            fn dispatcher(&self) -> #p::Option<#p::Dispatcher> {
                <#p::Dispatcher as ::core::str::FromStr>::from_str(#name).ok()
            }
        },
        (None, Some(f)) => {
            let flat = f.ident;
            let nested = quote_spanned!(f.ty.span()=> #p::Bootstrap::dispatcher(&self.#flat));
            quote! {
                fn dispatcher(&self) -> #p::Option<#p::Dispatcher> {
                    #nested
                }
            }
        }
        (None, None) => quote!(),
    };

    let own = c
        .attrs
        .validate_with
        .as_ref()
        .map(|path| quote_spanned!(path.span()=> findings.extend(#path(self, target));));
    let nested = flatten.map(|f| {
        let name = f.ident;
        let key = &f.key;
        let nested = quote_spanned!(f.ty.span()=> #p::Bootstrap::validate(&self.#name, target));
        quote!(findings.extend(#p::prefixed(#key, #nested));)
    });

    quote! {
        #[automatically_derived]
        impl #impl_generics #p::Bootstrap for #ident #ty_generics #where_clause {
            fn multiprocessing_config(&self) -> #p::MultiprocessingConfig {
                #[allow(unused_mut)]
                let mut config = #base;
                #(#sets)*
                config
            }

            fn key_path(&self, field: #p::Field) -> #p::Option<#p::String> {
                #(#paths)*
                #fallback
            }

            fn validate(&self, target: #p::Target) -> #p::Vec<#p::Diagnostic> {
                #[allow(unused_mut)]
                let mut findings = #p::Vec::new();
                #own
                #nested
                let _ = target;
                findings
            }

            #overridden

            #dispatcher
        }
    }
}

/// Emitted next to errors, so that uses of the trait do not fail too.
fn stub(input: &DeriveInput, krate: &syn::Path) -> TokenStream {
    let p = quote!(#krate::__private);
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics #p::Bootstrap for #ident #ty_generics #where_clause {
            fn multiprocessing_config(&self) -> #p::MultiprocessingConfig {
                ::core::unimplemented!("#[derive(Bootstrap)] failed")
            }
            fn key_path(&self, _: #p::Field) -> #p::Option<#p::String> {
                ::core::unimplemented!("#[derive(Bootstrap)] failed")
            }
        }
    }
}
