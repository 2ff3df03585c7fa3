//! Debug aid: reads photos with the core alone and prints one JSON line each (like
//! `strip-reader read --json`, less the CLI). `--window` and `--model ID` as in the CLI.
//! `cargo run --release -p strip-reader-core --example count -- [--window] [--model ID] FILE...`
use strip_reader_core::{analyze, builtin_model, Options};

fn main() {
    let mut window = false;
    let mut model = builtin_model(None).expect("model");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--window" {
            window = true;
            continue;
        }
        if arg == "--model" {
            model = builtin_model(args.next().as_deref()).expect("model");
            continue;
        }
        let out = std::fs::read(&arg)
            .map_err(|e| e.to_string())
            .and_then(|b| strip_reader_core::decode::decode(&b).map_err(|e| e.to_string()))
            .and_then(|img| {
                let v = img.view().map_err(|e| e.to_string())?;
                analyze(&v, &model, &Options { window, ..Options::default() }).map_err(|e| e.to_string())
            });
        match out {
            Ok(r) => {
                let mut v = serde_json::to_value(&r).expect("json");
                v["file"] = serde_json::json!(arg);
                println!("{v}");
            }
            Err(e) => println!("{}", serde_json::json!({"file": arg, "result": "error", "reason": e})),
        }
    }
}
