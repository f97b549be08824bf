# Shared by scripts/install and scripts/test: bring a fresh Debian machine (as root) to what OpenENI
# needs, installing only what is missing so an installed machine never runs apt.

# nft and ip live in sbin, which a non-login root shell may not have on PATH.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

log() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }

# ensure_debian_packages [postgresql] [chromium]: iproute2, nftables (with its libnftables1, which
# the agent calls in process) and iputils-ping for the data plane, plus when asked PostgreSQL's
# server binaries (the test suite starts its own clusters) and Chromium (the console's browser tests).
ensure_debian_packages() {
  local missing=() extra
  for extra in "$@"; do
    case "$extra" in
      postgresql) compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql) ;;
      chromium) [[ -x /usr/bin/chromium ]] || missing+=(chromium) ;;
      *) log "ensure_debian_packages: unknown extra $extra"; return 1 ;;
    esac
  done
  command -v ip >/dev/null || dpkg -s iproute2 >/dev/null 2>&1 || missing+=(iproute2)
  command -v nft >/dev/null || dpkg -s nftables >/dev/null 2>&1 || missing+=(nftables)
  command -v ping >/dev/null || dpkg -s iputils-ping >/dev/null 2>&1 || missing+=(iputils-ping)
  if ((${#missing[@]})); then
    if ((EUID != 0)); then
      log "missing Debian packages: ${missing[*]}; run as root or install them first"
      return 1
    fi
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

ensure_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if ((major < 20)); then
    log "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))"
    return 1
  fi
}

# npm ci rewrites node_modules/.package-lock.json, so an older one means the lock file changed.
ensure_node_modules() {
  if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci
  fi
}
