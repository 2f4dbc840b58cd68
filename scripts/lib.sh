# Shared by the scripts: where things are, and installing what is missing (skipping what is
# there). Only crates.io, npm, PyPI and Debian's packages are used.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# A target directory outside the clone, so a fresh clone (CI) reuses earlier builds.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/seed/target}
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must be the version of the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Installs Debian package $2 unless command $1 is there (the machine may have it otherwise).
need() {
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}

# What building and running SEED needs.
install_build_tools() {
  need wasm-opt binaryen
  need cc gcc
  need pkg-config pkg-config
  need node nodejs
  need npm npm
  apt_install libpq-dev
  if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
    say "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (about 7 minutes, once)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    # Not --locked: its lock file names a crate version the registry no longer has.
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes, once)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing the SPA's npm packages from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# What the tests need on top: PostgreSQL's server and Chromium.
install_test_tools() {
  install_build_tools
  need chromium chromium
  need curl curl
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
  install_schemathesis
}

# Schemathesis (PyPI) in a virtual environment cached outside the clone.
SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS_VENV="$HOME/.cache/seed/schemathesis-$SCHEMATHESIS_VERSION"
SCHEMATHESIS="$SCHEMATHESIS_VENV/bin/schemathesis"
install_schemathesis() {
  [ -x "$SCHEMATHESIS" ] && return 0
  say "installing schemathesis $SCHEMATHESIS_VERSION from PyPI in $SCHEMATHESIS_VENV (once)"
  need python3 python3
  python3 -m venv "$SCHEMATHESIS_VENV" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$SCHEMATHESIS_VENV"; }
  "$SCHEMATHESIS_VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
}

# Builds the SPA, unless dist/ was built from exactly these inputs (wasm-opt alone takes most
# of a minute, and a change to the API does not change the SPA).
build_spa() {
  local stamp
  stamp=$( { find crates/web crates/domain -type f \( -name '*.rs' -o -name '*.json' -o -name '*.css' \
      -o -name '*.scss' -o -name '*.html' -o -name 'Cargo.toml' \) -not -name '*.gen.css' -print0 | sort -z | xargs -0 sha256sum;
    sha256sum Cargo.lock Trunk.toml package-lock.json .cargo/config.toml Cargo.toml scripts/precompress.mjs scripts/pico.mjs scripts/lib.sh; } | sha256sum | cut -d' ' -f1)
  if [ -f dist/.inputs ] && [ "$(cat dist/.inputs)" = "$stamp" ] && ls dist/*_bg.wasm >/dev/null 2>&1 \
      && [ -f dist/public/index.html ]; then
    say "the SPA is up to date (dist/ was built from these inputs)"
    return 0
  fi
  say "building the SPA (trunk build --release): the members' app, then the public pages' entry"
  # The app's build empties dist/, so the public entry (dist/public/) comes second.
  # `--release=true`: a bare `--release` would take the HTML path as its value.
  { trunk build --release &&
    trunk build --release=true --dist dist/public --public-url /public/ crates/web/public.html; } \
    >"$CARGO_TARGET_DIR/trunk.log" 2>&1 || { cat "$CARGO_TARGET_DIR/trunk.log"; return 1; }
  echo "$stamp" > dist/.inputs
}

# The download of one entry (WASM, JS and CSS of its folder: dist/ for the members' app,
# dist/public/ for the public pages), raw and as sent (the brotli copies the build wrote): one
# line per file and the total, in BUNDLE_BROTLI.
bundle_size() {
  local dir=${1:-dist} total=0 raw br name
  for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
    [ -f "$f.br" ] || { echo "no brotli copy of $f: the build's precompress step did not run" >&2; return 1; }
    raw=$(stat -c %s "$f"); br=$(stat -c %s "$f.br"); name=$(basename "$f")
    printf '  %-45s %9s B raw %8s B brotli\n' "$name" "$raw" "$br"
    total=$(( total + br ))
  done
  printf '%s download: %s B brotli (%s KiB)\n' "$dir" "$total" "$(( total / 1024 ))"
  BUNDLE_BROTLI=$total
}

# Fails when an entry's download grew more than 10 % above the figure committed for it
# (crates/web/bundle-budget for the app, crates/web/public-bundle-budget for the public
# pages, in bytes, brotli), and when the public pages pass 100 KiB whatever their figure.
# Raise a figure only in a commit that adds a feature, with the new figure and the reason in
# its message.
check_bundle_budget() {
  local dir file budget limit entry
  for entry in "dist crates/web/bundle-budget" "dist/public crates/web/public-bundle-budget"; do
    read -r dir file <<<"$entry"
    bundle_size "$dir" || return 1
    budget=$(tr -dc '0-9' < "$file")
    limit=$(( budget * 110 / 100 ))
    if [ "$dir" = dist/public ] && [ "$limit" -gt 102400 ]; then limit=102400; fi
    if [ "$BUNDLE_BROTLI" -gt "$limit" ]; then
      echo "$dir: $BUNDLE_BROTLI B brotli, over its budget: $budget B committed + 10 % (at most 100 KiB for the public pages) = $limit B" >&2
      return 1
    fi
    echo "$dir within budget: $BUNDLE_BROTLI B <= $limit B ($budget B committed + 10 %)"
  done
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts a throw-away PostgreSQL on 127.0.0.1 and sets PG_URL (its admin URL) and PG_DIR.
pg_start() {
  local bindir=""
  if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then bindir=$(pg_config --bindir); fi
  if [ -z "$bindir" ]; then bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1); fi
  [ -x "$bindir/initdb" ] || { echo "PostgreSQL's server (initdb) is not installed" >&2; return 1; }
  PG_DIR=$(mktemp -d /tmp/seed-pg.XXXXXX)
  local port run=()
  port=$(free_port)
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_DIR"; run=(runuser -u postgres --); fi
  "${run[@]}" "$bindir/initdb" -D "$PG_DIR/data" --auth=trust -E UTF8 -N -U postgres >"$PG_DIR/initdb.log" 2>&1
  "${run[@]}" "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 ${PG_EXTRA_OPTS:-}" -w start >/dev/null
  PG_BIN=$bindir
  PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export PG_URL PG_DIR PG_BIN
  say "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  local run=()
  if [ "$(id -u)" -eq 0 ]; then run=(runuser -u postgres --); fi
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}
