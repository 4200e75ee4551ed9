#!/usr/bin/env bash
# What `npm test` needs on the machine (npm runs this first, as the `pretest` script). The suite
# starts Synapse in a chroot, which needs root, so npm test runs as root; then this script installs
# what a fresh Debian 12 machine lacks: the Debian packages below and Synapse's cached Debian root.
# Not as root it installs nothing and stops at once, with one message naming the command to run.
#
# Environment (besides what scripts/homeserver.sh reads):
#   PLENUM_TEST_POSTGRES_URL   a PostgreSQL server for the tests; without it the run starts a
#                              throwaway one (test/support/postgres-setup.mjs), so postgresql is needed
set -euo pipefail
cd "$(dirname "$0")/.."

readonly CACHE_DIR="${PLENUM_CACHE_DIR:-${HOME:-/root}/.cache/plenum}"
readonly SYNAPSE_ROOT="$CACHE_DIR/synapse-root"
readonly PROMTOOL="$CACHE_DIR/promtool/promtool"

log() { printf 'npm test: %s\n' "$*" >&2; }

# Each Debian package the suite uses, with the reason, as "package|reason".
packages=(
	"chromium|the widget tests drive Debian's Chromium, headless"
	"fonts-dejavu-core|a font, so the widget tests' screenshots show text"
	"ffmpeg|the recording tests make an MP4 and read it back with ffprobe"
	"openssl|self-signed certificates for the Jitsi stand-in and the partner homeserver"
	"curl|scripts/homeserver.sh asks Synapse with it whether it is up"
	"systemd|systemd-analyze verify checks the systemd unit (contrib/systemd/plenum.service)"
)

synapse_root_ready() { # the same test scripts/homeserver.sh makes before it uses the root
	[[ -x $SYNAPSE_ROOT/usr/bin/python3 && -d $SYNAPSE_ROOT/usr/lib/python3/dist-packages/synapse ]]
}

if ! synapse_root_ready; then
	packages+=("debootstrap|builds the Debian root Synapse runs in, once")
fi

postgres_installed() { # server programs where scripts/postgres-cluster.mjs looks for them
	compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null
}

package_installed() {
	[[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

missing=()
if command -v dpkg-query >/dev/null; then
	for entry in "${packages[@]}"; do
		package_installed "${entry%%|*}" || missing+=("$entry")
	done
	if [[ -z ${PLENUM_TEST_POSTGRES_URL:-} ]] && ! postgres_installed; then
		missing+=("postgresql|the storage suite and the PostgreSQL drills run on a throwaway PostgreSQL server")
	fi
else
	log "no dpkg-query: not Debian, so the packages cannot be checked; the tests need chromium at /usr/bin/chromium, ffmpeg, openssl, curl and PostgreSQL's server programs"
fi

list_missing() {
	local entry
	for entry in "${missing[@]}"; do
		printf '  %-18s %s\n' "${entry%%|*}" "${entry#*|}" >&2
	done
}

if [[ $EUID -ne 0 ]]; then
	{
		printf 'npm test: the end-to-end tests start Synapse in a chroot, which needs root'
		if ((${#missing[@]} > 0)); then
			printf ', and these Debian packages are missing (npm test installs them as root):\n'
			list_missing
		else
			printf '.\n'
		fi
		printf 'Run it as root: sudo npm test\n'
	} >&2
	exit 1
fi

if ((${#missing[@]} > 0)); then
	log "installing the Debian packages the tests need (on a fresh machine this takes a few minutes):"
	list_missing
	names=()
	for entry in "${missing[@]}"; do names+=("${entry%%|*}"); done
	export DEBIAN_FRONTEND=noninteractive
	# A fresh machine may be running unattended-upgrades: wait for dpkg's lock instead of failing.
	apt_options=(-o DPkg::Lock::Timeout=600 -q)
	log "apt-get update"
	apt-get "${apt_options[@]}" update >/dev/null
	log "apt-get install ${names[*]}"
	apt-get "${apt_options[@]}" install -y --no-install-recommends "${names[@]}" >/dev/null
fi

if ! synapse_root_ready; then
	log "provisioning the Debian root Synapse runs in, at $SYNAPSE_ROOT (once; about two minutes)"
	bash scripts/homeserver.sh provision
fi

# The alert rules' test (test/unit/alert-rules.test.ts) runs Prometheus's promtool. Installing the
# prometheus package would also install and start a Prometheus server, so its promtool is unpacked.
if [[ ! -x $PROMTOOL ]] && command -v dpkg-deb >/dev/null; then
	log "unpacking promtool from Debian's prometheus package into ${PROMTOOL%/*} (once)"
	download=$(mktemp -d)
	if ! (cd "$download" && apt-get -q download prometheus >/dev/null 2>&1); then
		apt-get -o DPkg::Lock::Timeout=600 -q update >/dev/null
		(cd "$download" && apt-get -q download prometheus >/dev/null 2>&1)
	fi
	dpkg-deb -x "$download"/prometheus_*.deb "$download/root"
	mkdir -p "${PROMTOOL%/*}"
	install -m 755 "$download/root/usr/bin/promtool" "$PROMTOOL"
	rm -rf "$download"
fi
