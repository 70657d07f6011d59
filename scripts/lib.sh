# Shared by scripts/hub and scripts/test: install what a fresh machine lacks.
set -euo pipefail

apt_updated=0
# Installs Debian packages that are missing (as root, or through sudo when available).
ensure_apt() {
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing: ${missing[*]}" >&2
    if [ $apt_updated -eq 0 ]; then
        $sudo apt-get update -qq >&2
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

require_swift() {
    command -v swift >/dev/null 2>&1 || { echo "swift is not installed: install Swift 6.1 or newer (swift.org)" >&2; exit 1; }
}
