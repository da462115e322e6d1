#!/usr/bin/env python3
"""Checks that `cargo leptos --split` gave the lazily loaded chunks their own constant data.

The wasm splitter keeps *all* constant data (every page's texts and HTML templates) in the main
wasm when its repacked data does not fit the linker's layout; it says so only in a log line that
cargo-leptos does not show. `app/src/lib.rs` (`ROOM_FOR_SPLIT_DATA`) gives it the room; this
check fails the build if that stops being enough, and prints where the data went.

    python3 .ci/split_data.py target/site/pkg
"""
import pathlib
import sys


def data_bytes(path: pathlib.Path) -> int:
    """Bytes in the wasm's data section (section id 11)."""
    b = path.read_bytes()

    def leb(i):
        value, shift = 0, 0
        while True:
            byte = b[i]
            i += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value, i

    i, total = 8, 0
    while i < len(b):
        section = b[i]
        size, i = leb(i + 1)
        if section == 11:
            total += size
        i += size
    return total


pkg = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/site/pkg")
wasm = sorted(pkg.glob("*.wasm"))
chunks = [p for p in wasm if p.name.startswith(("split_", "chunk_"))]
# Content-hashed names: an earlier build's main wasm may still lie beside this one.
main = sorted((p for p in wasm if p not in chunks), key=lambda p: p.stat().st_mtime)
if not main or not chunks:
    sys.exit(f"{pkg}: expected a main wasm and its chunks (a --split build), found {len(main)} and {len(chunks)}")
in_main = data_bytes(main[-1])
in_chunks = sum(data_bytes(p) for p in chunks)
print(f"constant data: {in_main / 1024:.0f} KiB in the main wasm, {in_chunks / 1024:.0f} KiB in {len(chunks)} chunks")
# An empty data section is a few bytes of headers; real page data is kilobytes.
if in_chunks < 1024:
    sys.exit("the wasm splitter kept every page's constant data in the main wasm: "
             "raise ROOM_FOR_SPLIT_DATA in app/src/lib.rs")
