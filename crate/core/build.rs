//! Embeds every strip model in `models/*.json` (at the repository root) into the library, so the
//! CLI and the wasm build carry them without a fetch. A new model is a new JSON file, not code.
use std::{env, fs, path::PathBuf};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let models = manifest.join("../../models");
    println!("cargo:rerun-if-changed={}", models.display());
    let mut files: Vec<PathBuf> = fs::read_dir(&models)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut out = String::from("/// Every `models/*.json` file: (file name, contents).\npub static EMBEDDED_MODELS: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("model.json");
        let path = f.canonicalize().unwrap_or_else(|_| f.clone());
        out.push_str(&format!("    ({name:?}, include_str!({:?})),\n", path.display().to_string()));
    }
    out.push_str("];\n");
    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_models.rs");
    fs::write(dest, out).expect("write embedded_models.rs");
}
