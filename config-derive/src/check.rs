//! Checks across fields: each role at most once, at most one flatten.

use syn::Error;

use crate::ast::Container;
use crate::attr::{Mark, Role};
use crate::ctxt::Ctxt;

pub fn check(cx: &mut Ctxt, container: &Container<'_>) {
    for role in Role::all() {
        let marked: Vec<_> = container
            .fields
            .iter()
            .filter_map(|f| match f.mark {
                Some((Mark::Role(r), span)) if r == role => Some(span),
                _ => None,
            })
            .collect();
        for span in marked.iter().skip(1) {
            cx.syn_error(Error::new(
                *span,
                format!(
                    "`{}` is already carried by another field: each setting can be marked once",
                    role.name()
                ),
            ));
        }
    }
    let flattened: Vec<_> = container
        .fields
        .iter()
        .filter_map(|f| match f.mark {
            Some((Mark::Flatten, span)) => Some(span),
            _ => None,
        })
        .collect();
    for span in flattened.iter().skip(1) {
        cx.syn_error(Error::new(
            *span,
            "only one field can be `flatten`: two would each set every setting",
        ));
    }
}
