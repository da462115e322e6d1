//! The files the phone downloads before it can do anything: the wasm, its JS glue and the CSS
//! (`site/pkg`). Served from disk with `Last-Modified`, so a return visit costs a 304, and — in a
//! release build — also as `.br` and `.gz` files compressed once at the highest level, which
//! on-the-fly compression cannot afford per request.
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const COMPRESSIBLE: [&str; 3] = ["wasm", "js", "css"];

/// The precompressed siblings of `file`: `skiftet.wasm.br`, `skiftet.wasm.gz`.
fn siblings(file: &Path) -> [PathBuf; 2] {
    let with = |ext: &str| {
        let mut name = file.as_os_str().to_owned();
        name.push(ext);
        PathBuf::from(name)
    };
    [with(".br"), with(".gz")]
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn sources(pkg_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(pkg_dir) else { return vec![] };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e)))
        .collect()
}

/// Removes `.br`/`.gz` files older than their source: after a rebuild they would otherwise be
/// served in place of the new wasm. Runs before the server answers.
pub fn remove_stale(pkg_dir: &Path) {
    for source in sources(pkg_dir) {
        let Some(source_time) = modified(&source) else { continue };
        for sibling in siblings(&source) {
            if modified(&sibling).is_some_and(|t| t < source_time)
                && let Err(e) = std::fs::remove_file(&sibling)
            {
                tracing::warn!(file = %sibling.display(), error = %e, "could not remove a stale compressed file");
            }
        }
    }
}

/// Writes the missing `.br` and `.gz` files (best compression; seconds of CPU, once per build).
/// Until they exist the files are compressed on the fly; a read-only site only logs a warning.
pub fn precompress(pkg_dir: &Path) {
    for source in sources(pkg_dir) {
        let [br, gz] = siblings(&source);
        let result = std::fs::read(&source).and_then(|data| {
            if !br.exists() {
                let mut out = Vec::with_capacity(data.len() / 3);
                let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
                brotli::BrotliCompress(&mut data.as_slice(), &mut out, &params)?;
                write_atomically(&br, &out)?;
            }
            if !gz.exists() {
                use std::io::Write;
                let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                encoder.write_all(&data)?;
                write_atomically(&gz, &encoder.finish()?)?;
            }
            Ok(())
        });
        if let Err(e) = result {
            tracing::warn!(file = %source.display(), error = %e, "could not precompress");
        }
    }
    tracing::info!(dir = %pkg_dir.display(), "static files precompressed");
}

/// A reader never sees half a file: write beside it, then rename over.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_files_are_made_once_and_dropped_when_their_source_is_newer() {
        let dir = tempfile::tempdir().unwrap();
        let wasm = dir.path().join("app.wasm");
        std::fs::write(&wasm, vec![7u8; 50_000]).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not sent to phones").unwrap();
        precompress(dir.path());
        let [br, gz] = siblings(&wasm);
        let decoded = {
            let mut out = Vec::new();
            brotli::BrotliDecompress(&mut std::fs::File::open(&br).unwrap(), &mut out).unwrap();
            out
        };
        assert_eq!(decoded, vec![7u8; 50_000]);
        assert!(std::fs::metadata(&gz).unwrap().len() < 1_000);
        assert!(!dir.path().join("notes.txt.br").exists());

        // A rebuild writes a newer source: the old compressed files must go.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&wasm, vec![8u8; 10]).unwrap();
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options().write(true).open(&wasm).unwrap().set_modified(later).unwrap();
        remove_stale(dir.path());
        assert!(!br.exists() && !gz.exists());
    }
}
