#!/usr/bin/env bash
# Installs what building Skiftet needs, skipping whatever is already there (idempotent).
# Sourced by .ci/run.sh and .ci/test.sh; also usable alone: `bash .ci/setup.sh`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Builds are cached outside the clone so a fresh clone rebuilds only what changed.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/skiftet/target}"
export PATH="$HOME/.cargo/bin:$PATH"
mkdir -p "$CARGO_TARGET_DIR"
# Leptos reads this at compile time; cargo-leptos sets it, so plain cargo builds set it too, or
# every switch between `cargo test` and `cargo leptos build` would rebuild Leptos and all above it.
export LEPTOS_OUTPUT_NAME=skiftet

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Web Push encrypts with OpenSSL (the `ece` crate under `web-push`): its headers and pkg-config.
if ! pkg-config --exists openssl 2>/dev/null; then
  say "Installing OpenSSL's development files and pkg-config (Debian)"
  apt-get update -qq && apt-get install -y -qq libssl-dev pkg-config >/dev/null
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  say "Installing cargo-leptos 0.3.10 (about 15 minutes, once)"
  # Tools build in cargo's own temporary directory, not in the project's build cache (whose
  # lock would hold up every other build meanwhile).
  env -u CARGO_TARGET_DIR cargo install cargo-leptos --locked --version 0.3.10
fi

# wasm-bindgen's CLI must match the library version in Cargo.lock exactly.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg_version\$"; then
  say "Installing wasm-bindgen-cli $wbg_version (about 4 minutes, once)"
  env -u CARGO_TARGET_DIR cargo install wasm-bindgen-cli --version "$wbg_version"
fi

if ! command -v wasm-opt >/dev/null 2>&1; then
  say "Installing wasm-opt (binaryen) from npm"
  npm install -g binaryen@132
fi

# The release build that `make run` and `make bench` serve. The phone's wasm is built with Rust's
# standard library compiled for it, with panics that stop the wasm at once instead of formatting a
# message (`panic=immediate-abort`) and without the source locations panics would name: 50 KiB
# brotli of the main wasm the phone would download for nothing (README, "Speed"). Those switches
# are not yet stable in Rust, so this build is allowed them (RUSTC_BOOTSTRAP; the flags go to the
# wasm target only, the server gets none) — on a toolchain that
# no longer takes them, or without the standard library's sources, this falls back to the plain
# build and says so. A panic in the phone's wasm then shows no message in the console: debug
# builds (`make test`, `cargo leptos watch`) keep the messages.
release_build() {
  local wasm_flags="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
  if rustup component list --installed 2>/dev/null | grep -q '^rust-src' ||
    rustup component add rust-src; then
    if RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$wasm_flags" \
      cargo leptos build --release --split --lib-cargo-args="-Zbuild-std=std,panic_abort"; then
      return 0
    fi
    say "The phone build with a rebuilt standard library failed; building the plain release"
  else
    say "No standard library sources (rust-src); building the plain release wasm (larger)"
  fi
  cargo leptos build --release --split
}

# For the browser tests and the load run: Debian's Chromium and the Playwright packages.
ensure_browser_tools() {
  if ! command -v chromium >/dev/null 2>&1; then
    say "Installing Chromium from Debian's packages"
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  fi
  ( cd end2end && { [ -d node_modules/@playwright/test ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund; } )
}

# For `make bench`'s server figures: wrk, from Debian's packages.
ensure_wrk() {
  if ! command -v wrk >/dev/null 2>&1; then
    say "Installing wrk from Debian's packages"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  fi
}

# Starts the server binary $1 on port $2 with a fresh SQLite database and the demo loaded, and
# waits until it answers. Sets SERVER_PID and SERVER_DIR; stop_demo_server ends it.
start_demo_server() {
  local bin=$1 port=$2
  SERVER_DIR=$(mktemp -d)
  DATABASE_URL="sqlite://$SERVER_DIR/skiftet.db" SKIFTET_LISTEN="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
    "$bin" --demo >"$SERVER_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  cat "$SERVER_DIR/server.log" >&2
  return 1
}

stop_demo_server() {
  kill "${SERVER_PID:-}" 2>/dev/null || true
  wait "${SERVER_PID:-}" 2>/dev/null || true
  rm -rf "${SERVER_DIR:-}"
}
