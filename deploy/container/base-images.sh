#!/usr/bin/env bash
# Makes the two base images the Containerfile is built on here, from Debian packages, since no registry
# image can be pulled: localhost/tai-base (runtime: Debian's Node 20 and CA certificates, like an official
# node slim image) and localhost/tai-build-base (that plus a C++ toolchain, Node's headers and npm from the
# npm registry, for better-sqlite3). Each root filesystem is cached as a tarball under $TAI_IMAGE_CACHE and
# rebuilt only when its recipe changes; downloads are retried, nothing else is.
set -euo pipefail

CACHE=${TAI_IMAGE_CACHE:-/var/cache/tai-container}
SUITE=trixie
MIRROR=${TAI_DEBIAN_MIRROR:-http://deb.debian.org/debian}
NPM_VERSION=10.9.9
# Bump when a step below changes what ends up in a root filesystem: the cached one is then rebuilt.
RECIPE=1
RUNTIME_PACKAGES=nodejs,ca-certificates
BUILD_PACKAGES=nodejs,ca-certificates,libnode-dev,python3,make,g++
PATH_ENV='PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
mkdir -p "$CACHE/debs"

retry() {
  local attempt
  for attempt in 1 2 3; do
    "$@" && return 0
    echo "== attempt $attempt failed: $*" >&2
    sleep $((attempt * 10))
  done
  return 1
}

# Slim the tree as official slim images do: no apt caches or lists, no docs, man pages or translations.
slim() {
  rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/usr/share/doc/* "$1"/usr/share/man/* \
    "$1"/usr/share/locale/* "$1"/usr/share/info/* "$1"/var/log/*.log "$1"/var/cache/debconf/*-old
}

# The proxy between this machine and the registries presents its own CA: a base that runs npm ci trusts it.
trust_local_cas() {
  cp /usr/local/share/ca-certificates/*.crt "$1/usr/local/share/ca-certificates/" 2>/dev/null || true
  chroot "$1" update-ca-certificates >/dev/null
}

add_npm() {
  local tgz="$CACHE/npm-$NPM_VERSION.tgz"
  [ -s "$tgz" ] || retry npm pack "npm@$NPM_VERSION" --pack-destination "$CACHE" --loglevel=error >/dev/null
  mkdir -p "$1/usr/local/lib/node_modules/npm"
  tar -xzf "$tgz" -C "$1/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"
}

debootstrap_into() { # dir packages
  rm -rf "$1"
  debootstrap --variant=minbase --include="$2" --cache-dir="$CACHE/debs" "$SUITE" "$1" "$MIRROR" >"$1.log" 2>&1 ||
    { tail -20 "$1.log" >&2; return 1; }
}

# rootfs NAME PACKAGES EXTRA...: the cached tarball of a root filesystem, made when missing or stale.
rootfs() {
  local name=$1 packages=$2 extra=$3 recipe
  recipe="recipe-$RECIPE $SUITE $packages $extra npm-$NPM_VERSION"
  if [ -s "$CACHE/$name.tar" ] && [ "$(cat "$CACHE/$name.recipe" 2>/dev/null)" = "$recipe" ]; then
    echo "== $name root filesystem: cached ($CACHE/$name.tar)"
    return
  fi
  echo "== $name root filesystem: debootstrap $SUITE with $packages"
  local dir="$CACHE/$name.root"
  retry debootstrap_into "$dir" "$packages"
  for step in $extra; do "$step" "$dir"; done
  slim "$dir"
  tar -C "$dir" -cf "$CACHE/$name.tar.tmp" . && mv "$CACHE/$name.tar.tmp" "$CACHE/$name.tar"
  rm -rf "$dir" "$dir.log"
  echo "$recipe" >"$CACHE/$name.recipe"
}

# import NAME IMAGE ENV...: the podman image of a cached root filesystem, imported again when it changed.
import() {
  local name=$1 image=$2 recipe
  shift 2
  recipe=$(sha256sum "$CACHE/$name.recipe" | cut -c1-16)
  if [ "$(podman image inspect --format '{{index .Config.Labels "tai.recipe"}}' "$image" 2>/dev/null)" = "$recipe" ]; then
    echo "== $image: present"
    return
  fi
  local changes=(--change "LABEL tai.recipe=$recipe" --change "ENV $PATH_ENV")
  for env in "$@"; do changes+=(--change "ENV $env"); done
  podman import "${changes[@]}" "$CACHE/$name.tar" "$image" >/dev/null
  echo "== $image: imported"
}

rootfs runtime "$RUNTIME_PACKAGES" ""
rootfs build "$BUILD_PACKAGES" "trust_local_cas add_npm"
import runtime localhost/tai-base
# Node's own headers come from libnode-dev (node-gyp cannot download them); npm trusts the system CAs.
import build localhost/tai-build-base npm_config_nodedir=/usr npm_config_cafile=/etc/ssl/certs/ca-certificates.crt
