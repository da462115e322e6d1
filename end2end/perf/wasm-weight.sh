#!/usr/bin/env bash
# A measurement, not a test: where the bytes of the main wasm (what a first visit to *Mina pass*
# loads) go, after `cargo leptos build --release --split`. twiggy reads the split main module
# as cargo-leptos leaves it before wasm-bindgen and wasm-opt, when it still has function names:
# sizes are before optimisation, so compare shares, not bytes. Installs twiggy once (~2 min).
#   bash end2end/perf/wasm-weight.sh
set -euo pipefail
target=${CARGO_TARGET_DIR:-target}
main="$target/front/wasm32-unknown-unknown/wasm-release/app_split.wasm"
[ -f "$main" ] || { echo "no $main: run cargo leptos build --release --split first" >&2; exit 1; }
command -v twiggy >/dev/null 2>&1 || env -u CARGO_TARGET_DIR cargo install twiggy --locked --version 0.8.0
csv=$(mktemp); trap 'rm -f "$csv"' EXIT
twiggy top -n 1000000 --format csv "$main" >"$csv"
python3 - "$csv" <<'PY'
import collections, csv, re, sys
csv.field_size_limit(sys.maxsize)
# Section headers and the export names the splitter adds for its chunks are gone after wasm-opt.
skip = ("custom section", '"function names"', "export ", "import ", "type[", "table[", "memory[", "global[")
rows = [r for r in csv.DictReader(open(sys.argv[1])) if not r["Name"].startswith(skip)]
def crate(name):
    if name.startswith("data segment"): return "data (strings, tables, vtables)"
    if name.startswith("elem["): return "function table (every function called through a pointer)"
    m = re.match(r"^<?&?(?:mut |dyn )*([A-Za-z_][A-Za-z0-9_]*)", name)
    c = m.group(1) if m else name
    if len(c) == 1:  # a generic impl (<T as tachys::…>): name it by the trait's crate
        t = re.search(r" as ([a-z_][a-z0-9_]*)", name)
        c = t.group(1) if t else c
    return c
kinds = ["serde", "hydrate_async", "fmt", "::build", "::rebuild", "::hydrate", "drop_in_place"]
by_crate, by_kind = collections.Counter(), collections.Counter()
for r in rows:
    size = int(r["ShallowSize"]); by_crate[crate(r["Name"])] += size
    by_kind[next((k for k in kinds if k in r["Name"]), "other")] += size
total = sum(by_crate.values())
print(f"Main wasm before wasm-opt: {total / 1024:.0f} KiB of code and data")
print("| crate (generic code counted where its trait lives) | KiB | share |\n|---|---|---|")
for c, n in by_crate.most_common(18): print(f"| {c} | {n / 1024:.0f} | {100 * n / total:.1f} % |")
print("\n| kind of function | KiB |\n|---|---|")
for k, n in by_kind.most_common(): print(f"| {k.strip(':')} | {n / 1024:.0f} |")
PY
