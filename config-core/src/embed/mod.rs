//! The model inside a host's own config struct: the [`Bootstrap`] trait that
//! `#[derive(Bootstrap)]` implements.

use crate::bootstrap::{BootstrapOptions, render};
use crate::check::{CheckOptions, check};
use crate::codes::{LoadIssueKind, Severity};
use crate::diagnostic::{Diagnostic, merge_into};
use crate::load::LoadedAs;
use crate::model::{Config, Dispatcher, Field, MultiprocessingConfig, TargetSpec};
use crate::platform::Target;

/// A config struct that carries mpconfig's `[multiprocessing]` settings,
/// wherever in the struct they live. Usually derived:
/// `#[derive(Bootstrap)]` with `#[mpconfig(start_method)]`… on the fields.
///
/// The trait is object safe: `&dyn Bootstrap` works.
///
/// ```
/// use mpconfig_core::{Bootstrap, Field, MultiprocessingConfig, StartMethod};
///
/// let mut mp = MultiprocessingConfig::default();
/// mp.start_method = StartMethod::Fork;
/// let host: &dyn Bootstrap = &mp;
/// assert_eq!(host.multiprocessing_config().start_method, StartMethod::Fork);
/// assert_eq!(host.key_path(Field::StartMethod).as_deref(), Some("start_method"));
/// let findings = host.check(&["windows:3.12".parse().unwrap()]);
/// assert_eq!(findings[0].code, "MP001");
/// assert_eq!(findings[0].key_path.as_deref(), Some("start_method"));
/// assert!(host.bootstrap().contains("method = 'fork'"));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement `Bootstrap`",
    label = "no `Bootstrap` here",
    note = "derive it with `#[derive(Bootstrap)]`, or use `MultiprocessingConfig`"
)]
pub trait Bootstrap {
    /// The settings in effect: the marked fields, defaults for the rest.
    fn multiprocessing_config(&self) -> MultiprocessingConfig;

    /// Where a setting lives in the host's own file, as a dotted key path
    /// (honouring `#[serde(rename)]`); `None` when the struct has no field
    /// for it and its default applies.
    fn key_path(&self, field: Field) -> Option<String>;

    /// Where the flattened table would set `field`, as a dotted key path,
    /// when a marked field of the struct sets it instead (the marked field
    /// wins); `None` when nothing overrides the table's value. The derive
    /// implements it; [`LoadedAs::check`] warns (`shadowed-key`) when the
    /// file sets the overridden key.
    fn overridden_key_path(&self, field: Field) -> Option<String> {
        let _ = field;
        None
    }

    /// What answers the host's child command lines
    /// (`#[mpconfig(dispatcher = "mpconfig")]` on a derived struct; a
    /// flattened table's own otherwise): the rules take it over the
    /// file's `[host] dispatcher`.
    fn dispatcher(&self) -> Option<Dispatcher> {
        None
    }

    /// The host's own rules for a target (`#[mpconfig(validate_with)]`).
    fn validate(&self, target: Target) -> Vec<Diagnostic> {
        let _ = target;
        Vec::new()
    }

    /// The Python bootstrap for these settings.
    fn bootstrap(&self) -> String {
        render(&self.multiprocessing_config(), &BootstrapOptions::new())
    }

    /// Every rule for the given targets (none = every OS × every known
    /// version), with key paths in the host's terms, then the host's own.
    fn check(&self, targets: &[TargetSpec]) -> Vec<Diagnostic> {
        check_host(self, targets, &CheckOptions::default())
    }
}

/// [`Bootstrap::check`] with options (`allow`, `deny`, …); `targets`
/// replaces `options.targets`.
pub fn check_host<B: Bootstrap + ?Sized>(
    host: &B,
    targets: &[TargetSpec],
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    let config = Config {
        multiprocessing: host.multiprocessing_config(),
        ..Config::default()
    };
    let mut options = options.clone().targets(targets.to_vec());
    if options.dispatcher.is_none() {
        options.dispatcher = host.dispatcher();
    }
    let mut findings = check(&config, &options);
    for f in &mut findings {
        f.key_path = Some(host_path(host, f.key_path.as_deref().unwrap_or_default()));
    }
    let mut own: Vec<Diagnostic> = Vec::new();
    for target in Target::expand(targets) {
        for mut f in host.validate(target) {
            f.targets = vec![target];
            merge_into(&mut own, f);
        }
    }
    findings.extend(own);
    findings
}

/// `multiprocessing.start_method[…]` → the host's path for that field (and
/// the same suffix); anything else (a table, `check.targets`) → the root.
fn host_path<B: Bootstrap + ?Sized>(host: &B, path: &str) -> String {
    let Some(rest) = path.strip_prefix("multiprocessing.") else {
        return String::new();
    };
    let key_end = rest.find('[').unwrap_or(rest.len());
    let (key, suffix) = rest.split_at(key_end);
    match Field::from_key(key).and_then(|f| host.key_path(f)) {
        Some(p) if p.is_empty() => suffix.trim_start_matches('.').to_owned(),
        Some(p) => format!("{p}{suffix}"),
        None => String::new(),
    }
}

impl Bootstrap for MultiprocessingConfig {
    fn multiprocessing_config(&self) -> MultiprocessingConfig {
        self.clone()
    }

    fn key_path(&self, field: Field) -> Option<String> {
        Some(field.key().to_owned())
    }
}

impl<B: Bootstrap + ?Sized> Bootstrap for &B {
    fn multiprocessing_config(&self) -> MultiprocessingConfig {
        (**self).multiprocessing_config()
    }

    fn key_path(&self, field: Field) -> Option<String> {
        (**self).key_path(field)
    }

    fn validate(&self, target: Target) -> Vec<Diagnostic> {
        (**self).validate(target)
    }

    fn overridden_key_path(&self, field: Field) -> Option<String> {
        (**self).overridden_key_path(field)
    }

    fn dispatcher(&self) -> Option<Dispatcher> {
        (**self).dispatcher()
    }
}

impl<B: Bootstrap + ?Sized> Bootstrap for Box<B> {
    fn multiprocessing_config(&self) -> MultiprocessingConfig {
        (**self).multiprocessing_config()
    }

    fn key_path(&self, field: Field) -> Option<String> {
        (**self).key_path(field)
    }

    fn validate(&self, target: Target) -> Vec<Diagnostic> {
        (**self).validate(target)
    }

    fn overridden_key_path(&self, field: Field) -> Option<String> {
        (**self).overridden_key_path(field)
    }

    fn dispatcher(&self) -> Option<Dispatcher> {
        (**self).dispatcher()
    }
}

impl<T: Bootstrap> LoadedAs<T> {
    /// mpconfig's rules and the host's own, as diagnostics pointing into the
    /// host's file (none = every target).
    pub fn check(&self, targets: &[TargetSpec]) -> Vec<Diagnostic> {
        self.check_with(targets, &CheckOptions::default())
    }

    /// [`check`](Self::check) with options.
    pub fn check_with(&self, targets: &[TargetSpec], options: &CheckOptions) -> Vec<Diagnostic> {
        let mut findings: Vec<Diagnostic> = self.shadowed_keys();
        findings.extend(check_host(&self.value, targets, options));
        findings
            .into_iter()
            .map(|f| f.locate(&self.source, &self.source_map))
            .collect()
    }

    /// A warning for each setting the file gives twice, where the marked
    /// field's value wins over the flattened table's.
    fn shadowed_keys(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for &field in Field::ALL {
            let Some(ignored) = self.value.overridden_key_path(field) else {
                continue;
            };
            let Some(winner) = self.value.key_path(field) else {
                continue;
            };
            if self.source_map.get(&ignored).is_none() {
                continue;
            }
            let message = if self.source_map.get(&winner).is_some() {
                format!(
                    "`{winner}` and `{ignored}` both set `{field}`: `{winner}` wins, `{ignored}` is ignored"
                )
            } else {
                format!(
                    "`{ignored}` is ignored: the field for `{winner}`, unset in the file, sets `{field}` with its default"
                )
            };
            out.push(
                Diagnostic::new(LoadIssueKind::ShadowedKey, Severity::Warning, message)
                    .with_key_path(ignored)
                    .with_label("ignored")
                    .with_help(format!("set `{field}` in one place: `{winner}`")),
            );
        }
        out
    }
}
