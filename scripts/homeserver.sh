#!/usr/bin/env bash
# Provision, start, stop and query a real Synapse homeserver for Plenum's
# integration tests and for local development.
#
# Debian stable ships no Synapse package, so we build a small Debian sid
# root filesystem once (debootstrap + apt-get install matrix-synapse), cache it
# under $PLENUM_CACHE_DIR (default ~/.cache/plenum) and run Synapse inside it
# with chroot. Synapse only ever sees paths inside that root, so each
# instance keeps its state in ROOT/var/lib/plenum-hs/<instance>/. The host
# keeps track of running instances in $PLENUM_CACHE_DIR/instances/.
#
# Usage:
#   homeserver.sh provision
#   homeserver.sh start --instance NAME --port PORT --server-name NAME
#                       [--registration FILE]... [--shared-secret SECRET] [--default-room-version V]
#                       [--joins-per-room PER_SECOND:BURST] [--keep-state]
#                       [--federation-port PORT]
#   homeserver.sh stop --instance NAME
#   homeserver.sh status --instance NAME
#
# --federation-port adds a TLS listener for federation on 127.0.0.1:PORT, with
# a self-signed certificate, and lets the instance send federation requests to
# loopback. Name such an instance --server-name 127.0.0.1:PORT and two of them
# federate directly: an IP literal with a port needs no .well-known, SRV or DNS
# lookup. For tests only: outbound federation then accepts any certificate and
# any address but 0.0.0.0 and ::.
#
# `start` and `status` print one line of JSON on stdout:
#   {"url":...,"server_name":...,"shared_secret":...,"instance":...,"pid":...,"state_dir":...}
# Everything else goes to stderr. Must run as root (chroot needs it).
#
# Environment:
#   PLENUM_CACHE_DIR          cache directory (default: $HOME/.cache/plenum)
#   PLENUM_DEBIAN_MIRROR      mirror for debootstrap (default: http://deb.debian.org/debian)
#   PLENUM_HS_START_TIMEOUT   seconds to wait for Synapse to answer (default: 60)

set -euo pipefail

readonly CACHE_DIR="${PLENUM_CACHE_DIR:-${HOME:-/root}/.cache/plenum}"
readonly ROOT_DIR="$CACHE_DIR/synapse-root"
readonly INSTANCES_DIR="$CACHE_DIR/instances"
readonly DEBIAN_MIRROR="${PLENUM_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
readonly START_TIMEOUT="${PLENUM_HS_START_TIMEOUT:-60}"
readonly STOP_TIMEOUT=10
# Where instance state lives, as seen from inside the chroot.
readonly STATE_BASE_IN_ROOT="/var/lib/plenum-hs"
readonly APT_OPTS=(-o Acquire::Check-Valid-Until=false)
readonly CHROOT_ENV=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8)

log() { printf 'homeserver.sh: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

usage() {
	sed -n '12,19p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

require_root() {
	[[ $EUID -eq 0 ]] || die "must run as root (chroot requires it)"
}

# ---------------------------------------------------------------- helpers

random_hex() { # random_hex BYTES
	od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'
}

# Quote a string as JSON; the result is also a valid YAML double-quoted scalar.
json_string() {
	local s=$1
	[[ $s != *[[:cntrl:]]* ]] || die "control characters are not allowed: $(printf '%q' "$s")"
	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	printf '"%s"' "$s"
}

validate_instance_name() {
	[[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "invalid instance name '$1' (use letters, digits, . _ -)"
}

pid_file() { printf '%s/%s.pid' "$INSTANCES_DIR" "$1"; }
json_file() { printf '%s/%s.json' "$INSTANCES_DIR" "$1"; }
state_dir_in_root() { printf '%s/%s' "$STATE_BASE_IN_ROOT" "$1"; }
state_dir_on_host() { printf '%s%s' "$ROOT_DIR" "$(state_dir_in_root "$1")"; }
config_path_in_root() { printf '%s/homeserver.yaml' "$(state_dir_in_root "$1")"; }

# Take an exclusive lock on a per-instance lock file, held until the script
# exits. The fd is closed for Synapse when it is launched.
INSTANCE_LOCK_FD=""
lock_instance() {
	mkdir -p "$INSTANCES_DIR"
	exec {INSTANCE_LOCK_FD}>"$INSTANCES_DIR/$1.lock"
	if ! flock -n "$INSTANCE_LOCK_FD"; then
		log "waiting for another homeserver.sh operation on instance '$1'..."
		flock "$INSTANCE_LOCK_FD"
	fi
}

# True if PID is alive and not a zombie.
process_alive() {
	local pid=$1 stat
	{ read -r stat <"/proc/$pid/stat"; } 2>/dev/null || return 1
	stat=${stat##*) } # drop "pid (comm) "; comm may contain spaces
	[[ ${stat%% *} != Z ]]
}

# True if PID is a Synapse homeserver of INSTANCE running in our root.
is_instance_process() {
	local pid=$1 instance=$2 cmdline proc_root root_real
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	process_alive "$pid" || return 1
	cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
	[[ $cmdline == *synapse.app.homeserver* ]] || return 1
	[[ $cmdline == *"$(config_path_in_root "$instance")"* ]] || return 1
	proc_root=$(readlink "/proc/$pid/root" 2>/dev/null) || return 1
	root_real=$(realpath "$ROOT_DIR" 2>/dev/null) || return 1
	[[ $proc_root == "$root_real" ]]
}

# Print PIDs of any Synapse of INSTANCE in our root (whether or not a pid
# file records it).
find_instance_processes() {
	local instance=$1 file pid
	# One grep over all command lines first; only candidates get the full check.
	{ grep -lsa synapse.app.homeserver /proc/[0-9]*/cmdline || true; } | while read -r file; do
		pid=${file#/proc/}
		pid=${pid%/cmdline}
		if is_instance_process "$pid" "$instance"; then
			printf '%s\n' "$pid"
		fi
	done
}

recorded_pid() { # prints the pid in the pid file, if any
	local file
	file=$(pid_file "$1")
	[[ -f $file ]] || return 1
	local pid
	pid=$(tr -d '[:space:]' <"$file")
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	printf '%s' "$pid"
}

port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

versions_endpoint_answers() { # versions_endpoint_answers PORT
	local url="http://127.0.0.1:$1/_matrix/client/versions"
	if command -v curl >/dev/null 2>&1; then
		curl -fsS --max-time 2 -o /dev/null "$url" 2>/dev/null
	else
		"${CHROOT_ENV[@]}" chroot "$ROOT_DIR" python3 -c \
			'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$url" 2>/dev/null
	fi
}

show_instance_logs() {
	local state_dir=$1 f shown=false
	for f in "$state_dir/synapse.out" "$state_dir/homeserver.log"; do
		if [[ -s $f ]]; then
			log "last 40 lines of $f:"
			tail -n 40 "$f" >&2
			shown=true
		fi
	done
	$shown || log "Synapse wrote no log output yet (see $state_dir)"
}

# ---------------------------------------------------------------- provision

root_is_provisioned() {
	[[ -d $ROOT_DIR ]]
}

check_root_usable() {
	[[ -x $ROOT_DIR/usr/bin/python3 && -d $ROOT_DIR/usr/lib/python3/dist-packages/synapse ]] ||
		die "$ROOT_DIR exists but contains no Synapse; remove it and run '$0 provision' again"
}

ensure_debootstrap() {
	command -v debootstrap >/dev/null 2>&1 && return 0
	log "installing debootstrap..."
	apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
}

# Unmount anything an interrupted debootstrap left mounted below DIR.
unmount_below() {
	local dir=$1 mount_point
	awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
		while read -r mount_point; do
			umount -l "$mount_point" || true
		done
}

build_root() { # build_root TARGET
	local target=$1
	log "provisioning Synapse root in $target (takes a minute or two)..."
	debootstrap --variant=minbase sid "$target" "$DEBIAN_MIRROR" >&2
	cp /etc/resolv.conf "$target/etc/resolv.conf"
	# Keep package maintainer scripts from trying to start services.
	printf '#!/bin/sh\nexit 101\n' >"$target/usr/sbin/policy-rc.d"
	chmod 755 "$target/usr/sbin/policy-rc.d"
	"${CHROOT_ENV[@]}" chroot "$target" apt-get "${APT_OPTS[@]}" update -qq >&2
	"${CHROOT_ENV[@]}" DEBIAN_FRONTEND=noninteractive chroot "$target" \
		apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends matrix-synapse >&2
	"${CHROOT_ENV[@]}" chroot "$target" apt-get clean >&2
	"${CHROOT_ENV[@]}" chroot "$target" python3 -c 'import synapse.app.homeserver' >&2 ||
		die "Synapse does not import inside $target"
	mkdir -p "$target$STATE_BASE_IN_ROOT"
}

provision_root() {
	root_is_provisioned && {
		check_root_usable
		return 0
	}
	mkdir -p "$CACHE_DIR"
	local lock_fd
	exec {lock_fd}>"$CACHE_DIR/provision.lock"
	if ! flock -n "$lock_fd"; then
		log "another process is provisioning the Synapse root; waiting..."
		flock "$lock_fd"
	fi
	if ! root_is_provisioned; then
		local tmp="$ROOT_DIR.tmp"
		ensure_debootstrap
		if [[ -e $tmp ]]; then
			log "removing incomplete root $tmp"
			unmount_below "$tmp"
			rm -rf --one-file-system "$tmp"
		fi
		build_root "$tmp"
		unmount_below "$tmp"
		mv "$tmp" "$ROOT_DIR"
		log "Synapse root ready at $ROOT_DIR"
	fi
	exec {lock_fd}>&-
	check_root_usable
}

# ---------------------------------------------------------------- start

write_signing_key() { # write_signing_key FILE
	# Same format Synapse's --generate-keys writes: algorithm, key id, seed.
	printf 'ed25519 a_%s %s\n' "$(random_hex 3)" \
		"$(head -c 32 /dev/urandom | base64 -w0 | tr -d '=')" >"$1"
	chmod 600 "$1"
}

write_log_config() { # write_log_config HOST_FILE LOG_PATH_IN_ROOT
	cat >"$1" <<EOF
version: 1
formatters:
  precise:
    format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s'
handlers:
  file:
    class: logging.FileHandler
    formatter: precise
    filename: $2
    encoding: utf8
loggers:
  synapse.storage.SQL:
    level: INFO
root:
  level: INFO
  handlers: [file]
disable_existing_loggers: false
EOF
}

write_tls_certificate() { # write_tls_certificate DIR: a self-signed DIR/tls.crt and DIR/tls.key
	command -v openssl >/dev/null 2>&1 || die "--federation-port needs openssl on the host"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
		-keyout "$1/tls.key" -out "$1/tls.crt" -subj /CN=127.0.0.1 \
		-addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null ||
		die "openssl could not make a certificate in $1"
	chmod 600 "$1/tls.key"
}

relaxed_rate_limit() { # relaxed_rate_limit INDENT
	printf '%sper_second: 1000\n%sburst_count: 1000\n' "$1" "$1"
}

# write_homeserver_config INSTANCE PORT SERVER_NAME SHARED_SECRET JOINS_PER_ROOM FEDERATION_PORT APPSERVICE_PATHS...
# JOINS_PER_ROOM is PER_SECOND:BURST for rc_joins_per_room, or empty for the relaxed limit.
# FEDERATION_PORT is the TLS federation listener's port, or empty for none.
write_homeserver_config() {
	local instance=$1 port=$2 server_name=$3 shared_secret=$4 joins_per_room=$5 federation_port=$6
	shift 6
	local sd_root sd_host limit path
	sd_root=$(state_dir_in_root "$instance")
	sd_host=$(state_dir_on_host "$instance")

	[[ -f $sd_host/signing.key ]] || write_signing_key "$sd_host/signing.key"
	write_log_config "$sd_host/log_config.yaml" "$sd_root/homeserver.log"

	{
		cat <<EOF
# Generated by scripts/homeserver.sh for instance "$instance". Recreated on every start.
server_name: $(json_string "$server_name")
public_baseurl: "http://127.0.0.1:$port/"
report_stats: false
signing_key_path: $sd_root/signing.key
log_config: $sd_root/log_config.yaml
media_store_path: $sd_root/media_store
max_upload_size: 100M
url_preview_enabled: false
registration_shared_secret: $(json_string "$shared_secret")
macaroon_secret_key: "$(random_hex 32)"
form_secret: "$(random_hex 32)"
enable_registration: false
trusted_key_servers: []
suppress_key_server_warning: true

listeners:
  - port: $port
    bind_addresses: ["127.0.0.1"]
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client, federation]
        compress: false
EOF
		if [[ -n $federation_port ]]; then
			[[ -f $sd_host/tls.crt ]] || write_tls_certificate "$sd_host"
			cat <<EOF
  - port: $federation_port
    bind_addresses: ["127.0.0.1"]
    type: http
    tls: true
    x_forwarded: false
    resources:
      - names: [federation]
        compress: false

# Federation with other test instances on loopback (--federation-port): their
# certificates are self-signed, and Synapse refuses loopback addresses by default
# (for server names that are IP literals, whatever ip_range_whitelist says).
tls_certificate_path: $sd_root/tls.crt
tls_private_key_path: $sd_root/tls.key
federation_verify_certificates: false
federation_ip_range_blacklist: []
EOF
		fi
		cat <<EOF

database:
  name: sqlite3
  args:
    database: $sd_root/homeserver.db

room_prejoin_state:
  additional_event_types:
    - org.plenum.meeting

EOF
		if (($# > 0)); then
			printf 'app_service_config_files:\n'
			for path in "$@"; do
				printf '  - %s\n' "$path"
			done
		else
			printf 'app_service_config_files: []\n'
		fi
		printf '\n# Relaxed rate limits: tests hammer the server.\n'
		if [[ -n $joins_per_room ]]; then
			printf 'rc_joins_per_room:\n  per_second: %s\n  burst_count: %s\n' \
				"${joins_per_room%%:*}" "${joins_per_room##*:}"
		else
			printf 'rc_joins_per_room:\n'
			relaxed_rate_limit '  '
		fi
		for limit in rc_message rc_registration rc_admin_redaction \
			rc_room_creation rc_3pid_validation rc_media_create rc_third_party_invite \
			rc_delayed_event_mgmt rc_user_directory; do
			printf '%s:\n' "$limit"
			relaxed_rate_limit '  '
		done
		printf 'rc_login:\n'
		for limit in address account failed_attempts; do
			printf '  %s:\n' "$limit"
			relaxed_rate_limit '    '
		done
		printf 'rc_joins:\n'
		for limit in local remote; do
			printf '  %s:\n' "$limit"
			relaxed_rate_limit '    '
		done
		printf 'rc_invites:\n'
		for limit in per_room per_user per_issuer; do
			printf '  %s:\n' "$limit"
			relaxed_rate_limit '    '
		done
		printf 'rc_presence:\n  per_user:\n'
		relaxed_rate_limit '    '
	} >"$sd_host/homeserver.yaml"
	chmod 600 "$sd_host/homeserver.yaml"
}

# Refuse to start if a Synapse of this instance is running; otherwise clear
# stale bookkeeping.
ensure_instance_not_running() {
	local instance=$1 pid running
	if pid=$(recorded_pid "$instance") && is_instance_process "$pid" "$instance"; then
		die "instance '$instance' is already running (pid $pid); run '$0 stop --instance $instance' first"
	fi
	running=$(find_instance_processes "$instance" | tr '\n' ' ')
	if [[ -n $running ]]; then
		die "a Synapse of instance '$instance' is running without a pid file (pid ${running% }); stop it first"
	fi
	rm -f "$(pid_file "$instance")" "$(json_file "$instance")"
}

# Launch Synapse detached in its own session; sets SYNAPSE_PID.
SYNAPSE_PID=""
launch_synapse() { # launch_synapse INSTANCE
	local instance=$1 sd_host
	sd_host=$(state_dir_on_host "$instance")
	# env and chroot exec in place, and setsid does not fork because a
	# background job of a non-interactive shell is not a group leader, so $!
	# is the python process itself.
	setsid "${CHROOT_ENV[@]}" chroot "$ROOT_DIR" \
		python3 -m synapse.app.homeserver -c "$(config_path_in_root "$instance")" \
		</dev/null >"$sd_host/synapse.out" 2>&1 {INSTANCE_LOCK_FD}>&- &
	SYNAPSE_PID=$!
}

stop_pid() { # stop_pid PID: SIGTERM, wait, then SIGKILL
	local pid=$1 waited=0
	kill -TERM "$pid" 2>/dev/null || return 0
	while process_alive "$pid" && ((waited < STOP_TIMEOUT * 10)); do
		sleep 0.1
		waited=$((waited + 1))
	done
	if process_alive "$pid"; then
		log "pid $pid did not exit after ${STOP_TIMEOUT}s; sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
		waited=0
		while process_alive "$pid" && ((waited < 50)); do
			sleep 0.1
			waited=$((waited + 1))
		done
	fi
	! process_alive "$pid" || die "pid $pid is still alive"
}

# Give up on a start: show the logs, kill what we launched, forget its pid.
abort_start() { # abort_start PID INSTANCE MESSAGE
	local pid=$1 instance=$2
	log "$3"
	show_instance_logs "$(state_dir_on_host "$instance")"
	if is_instance_process "$pid" "$instance"; then
		stop_pid "$pid"
	fi
	rm -f "$(pid_file "$instance")"
	exit 1
}

wait_until_ready() { # wait_until_ready PID PORT INSTANCE
	local pid=$1 port=$2 instance=$3 deadline
	deadline=$((SECONDS + START_TIMEOUT))
	while ! versions_endpoint_answers "$port"; do
		process_alive "$pid" ||
			abort_start "$pid" "$instance" "Synapse (pid $pid) exited during startup"
		((SECONDS < deadline)) ||
			abort_start "$pid" "$instance" "Synapse did not answer on port $port within ${START_TIMEOUT}s"
		sleep 0.2
	done
	is_instance_process "$pid" "$instance" ||
		abort_start "$pid" "$instance" "port $port answers but pid $pid is not the Synapse we started"
}

cmd_start() {
	local default_room_version=""
	local instance="" port="" server_name="" shared_secret="" joins_per_room="" keep_state="" registrations=()
	local federation_port=""
	while (($# > 0)); do
		case $1 in
		# The version of rooms made without one: Synapse's own default, or e.g. 12 to test that.
		--default-room-version) default_room_version=${2:?--default-room-version needs a value} && shift 2 ;;
		--instance) instance=${2:?--instance needs a value} && shift 2 ;;
		# A restart: the instance's rooms, events and signing key from its last run stay.
		--keep-state) keep_state=1 && shift ;;
		--port) port=${2:?--port needs a value} && shift 2 ;;
		--server-name) server_name=${2:?--server-name needs a value} && shift 2 ;;
		--registration) registrations+=("${2:?--registration needs a value}") && shift 2 ;;
		--shared-secret) shared_secret=${2:?--shared-secret needs a value} && shift 2 ;;
		--federation-port) federation_port=${2:?--federation-port needs a value} && shift 2 ;;
		--joins-per-room)
			joins_per_room=${2:?--joins-per-room needs PER_SECOND:BURST} && shift 2
			[[ $joins_per_room =~ ^[0-9.]+:[0-9]+$ ]] || die "--joins-per-room expects PER_SECOND:BURST, got $joins_per_room"
			;;
		*) die "start: unknown argument '$1'" ;;
		esac
	done
	[[ -n $instance && -n $port && -n $server_name ]] || die "start needs --instance, --port and --server-name"
	validate_instance_name "$instance"
	[[ $port =~ ^[0-9]{1,5}$ ]] || die "invalid port '$port'"
	port=$((10#$port))
	((port >= 1 && port <= 65535)) || die "invalid port '$port'"
	if [[ -n $federation_port ]]; then
		[[ $federation_port =~ ^[0-9]{1,5}$ ]] || die "invalid federation port '$federation_port'"
		federation_port=$((10#$federation_port))
		((federation_port >= 1 && federation_port <= 65535 && federation_port != port)) ||
			die "invalid federation port '$federation_port'"
	fi
	local server_name_re='^[][A-Za-z0-9._:-]+$' # hostname[:port], or [IPv6][:port]
	[[ $server_name =~ $server_name_re ]] || die "invalid server name '$server_name'"
	local reg
	for reg in "${registrations[@]}"; do
		[[ -f $reg && -r $reg ]] || die "registration file '$reg' not found"
	done
	[[ -n $shared_secret ]] || shared_secret=$(random_hex 32)
	json_string "$shared_secret" >/dev/null
	[[ -z $default_room_version || $default_room_version =~ ^[A-Za-z0-9.-]{1,32}$ ]] ||
		die "invalid room version '$default_room_version'"

	require_root
	provision_root
	lock_instance "$instance"
	ensure_instance_not_running "$instance"
	port_in_use "$port" && die "port $port on 127.0.0.1 is already in use"
	[[ -z $federation_port ]] || ! port_in_use "$federation_port" ||
		die "port $federation_port on 127.0.0.1 is already in use"

	local sd_host sd_root appservice_paths=() i=0
	sd_host=$(state_dir_on_host "$instance")
	sd_root=$(state_dir_in_root "$instance")
	[[ -n $keep_state ]] || rm -rf --one-file-system "$sd_host"
	mkdir -p "$sd_host/media_store" "$sd_host/appservices"
	for reg in "${registrations[@]}"; do
		i=$((i + 1))
		local name
		name=$(printf '%02d-%s' "$i" "$(basename "$reg")")
		cp "$reg" "$sd_host/appservices/$name"
		appservice_paths+=("$sd_root/appservices/$name")
	done
	write_homeserver_config "$instance" "$port" "$server_name" "$shared_secret" "$joins_per_room" "$federation_port" \
		"${appservice_paths[@]}"

	local started=$SECONDS pid
	if [[ -n $default_room_version ]]; then
		printf 'default_room_version: "%s"\n' "$default_room_version" >>"$sd_host/homeserver.yaml"
	fi
	launch_synapse "$instance"
	pid=$SYNAPSE_PID
	printf '%s\n' "$pid" >"$(pid_file "$instance")"
	wait_until_ready "$pid" "$port" "$instance"
	log "instance '$instance' ready on port $port in $((SECONDS - started))s (pid $pid)"

	local json
	json=$(printf '{"url":%s,"server_name":%s,"shared_secret":%s,"instance":%s,"pid":%s,"state_dir":%s}' \
		"$(json_string "http://127.0.0.1:$port")" "$(json_string "$server_name")" \
		"$(json_string "$shared_secret")" "$(json_string "$instance")" "$pid" \
		"$(json_string "$sd_host")")
	printf '%s\n' "$json" >"$(json_file "$instance")"
	printf '%s\n' "$json"
}

# ---------------------------------------------------------------- stop / status

parse_instance_arg() { # prints the --instance value
	local instance=""
	while (($# > 0)); do
		case $1 in
		--instance) instance=${2:?--instance needs a value} && shift 2 ;;
		*) die "unknown argument '$1'" ;;
		esac
	done
	[[ -n $instance ]] || die "--instance is required"
	validate_instance_name "$instance"
	printf '%s' "$instance"
}

cmd_stop() {
	local instance pid
	instance=$(parse_instance_arg "$@")
	require_root
	lock_instance "$instance"
	if pid=$(recorded_pid "$instance"); then
		if is_instance_process "$pid" "$instance"; then
			log "stopping instance '$instance' (pid $pid)"
			stop_pid "$pid"
		else
			log "pid $pid of instance '$instance' is not running Synapse; removing stale pid file"
		fi
	fi
	# A start interrupted (Ctrl-C) between launching Synapse and recording its pid leaves it unrecorded.
	for pid in $(find_instance_processes "$instance"); do
		log "stopping unrecorded Synapse of instance '$instance' (pid $pid)"
		stop_pid "$pid"
	done
	rm -f "$(pid_file "$instance")" "$(json_file "$instance")"
}

cmd_status() {
	local instance pid json_path
	instance=$(parse_instance_arg "$@")
	json_path=$(json_file "$instance")
	if pid=$(recorded_pid "$instance") && is_instance_process "$pid" "$instance" && [[ -s $json_path ]]; then
		cat "$json_path"
		return 0
	fi
	log "instance '$instance' is not running"
	return 1
}

main() {
	(($# > 0)) || usage
	local command=$1
	shift
	case $command in
	provision)
		(($# == 0)) || die "provision takes no arguments"
		require_root
		provision_root
		;;
	start) cmd_start "$@" ;;
	stop) cmd_stop "$@" ;;
	status) cmd_status "$@" ;;
	-h | --help | help) usage ;;
	*) die "unknown command '$command'" ;;
	esac
}

main "$@"
