//! Generates the typed translation module (`crate::i18n`) from `locales/*.json` at build time, so
//! a missing or misspelt key is a compile error rather than a blank label on a worker's phone.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("i18n");
    // `interpolate_display`: texts with `{{ var }}` can also be built as plain strings
    // (`td_string!(locale, key, var = value)`), for error messages and attribute values.
    let cfg = Config::new("sv")?.add_locale("en")?.parse_options(ParseOptions::default().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
