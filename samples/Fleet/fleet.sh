#!/usr/bin/env bash
# Two TicketServers sharing one key folder kept by `ticketkeys rotate`: a session from one resumes on the other, over
# TLS 1.2 and 1.3, and still resumes (renewed under the new key) after a rotation. Exits 0 only when all of it happened.
# Runs from a clean clone: it builds the sample server and the tool (CONFIGURATION, default Debug), serves on free
# loopback ports, keeps everything in a fresh folder (tmpfs when /dev/shm is there) and stops the servers on exit.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
configuration=${CONFIGURATION:-Debug}
tmp=/dev/shm
[ -d "$tmp" ] && [ -w "$tmp" ] || tmp=${TMPDIR:-/tmp}
work=$(mktemp -d "$tmp/ticketkeys-fleet.XXXXXX")   # mode 0700: keys are secrets
keys="$work/keys"
pids=()

stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop EXIT

fail() { echo "fleet: FAILED: $*" >&2; exit 1; }

echo "== building the sample server and the ticketkeys tool ($configuration)"
for project in samples/TicketServer src/Cli; do
  dotnet build "$root/$project" -c "$configuration" -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "dotnet build $project"; }
done
server_dll="$root/samples/TicketServer/bin/$configuration/net10.0/TicketServer.dll"
ticketkeys() { dotnet "$root/src/Cli/bin/$configuration/net10.0/TicketKeys.Cli.dll" "$@"; }

echo "== the fleet's key folder: $keys (tmpfs: never on disk, never in git)"
mkdir -m 700 "$keys"
ticketkeys rotate "$keys" --prestage
folder_keys=$(for file in "$keys"/*.key; do ticketkeys inspect "$file" | sed -n 's/^key name: //p'; done)
sleep 2.5   # servers read a key file once it is 2 s old (TicketKeyDirectoryOptions.SettleTime): no half-written keys

start_server() {   # NAME: starts TicketServer on a free loopback port; sets $address to where it listens
  local log="$work/$1.log"
  dotnet "$server_dll" --listen 127.0.0.1:0 --key-dir "$keys" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 150); do
    address=$(sed -n 's/^listening on //p' "$log" | head -n 1)
    [ -n "$address" ] && return
    sleep 0.1
  done
  cat "$log" >&2
  fail "server $1 did not start"
}
start_server a; a=$address
start_server b; b=$address
echo "server A: $a, server B: $b, both with --key-dir $keys"

connect() {   # ADDRESS TLS-OPTION [s_client options...]: one connection; sets $line (s_client's New/Reused line)
  local address=$1 version=$2 # and $ticket (the name of the key that sealed the last ticket the client received, hex)
  shift 2
  sleep 1 | openssl s_client -connect "$address" "$version" "$@" >"$work/client.out" 2>&1 || true
  line=$(grep -E '^(New|Reused),' "$work/client.out" | head -n 1 || true)
  # s_client prints every session it ends up with (TLS 1.3: "Post-Handshake New Session Ticket arrived"); a ticket
  # starts with the 16-byte name of the key that sealed it.
  ticket=$(awk '/TLS session ticket:/ { getline; gsub(/[ -]/, "", $0); name = toupper(substr($0, 5, 32)) } END { print name }' "$work/client.out")
}

for version in 1.2 1.3; do
  option="-tls${version/./_}"
  echo "== TLS $version"
  connect "$a" "$option" -sess_out "$work/s$version.pem"
  echo "A, new session:  $line (ticket under key $ticket)"
  [[ $line == "New, TLSv$version"* && -n $ticket ]] || fail "no full TLS $version handshake with a ticket on A"
  grep -qx "$ticket" <<<"$folder_keys" || fail "A sealed its TLS $version ticket under $ticket, not a key of the folder"
  connect "$b" "$option" -sess_in "$work/s$version.pem"
  echo "B, A's session:  $line"
  [[ $line == "Reused, TLSv$version"* ]] || fail "A's TLS $version session did not resume on B"
done

# `ticketkeys rotate` writes the next key when its interval (12 hours) starts; to see that now, add a key named for
# this instant, as rotate would at the interval's start: it encrypts from now on, the old key still decrypts.
new_key="$keys/$(date -u +%Y%m%dT%H%M%SZ).key"
echo "== rotation: a new key $(basename "$new_key") starts encrypting"
written=$(ticketkeys new --out "$new_key")
echo "$written"
new_name=$(sed -n 's/.*key name \([0-9A-F]\{32\}\).*/\1/p' <<<"$written")
# Servers read a new file once it has settled (2 s) and their watcher has fired: wait until B seals new tickets with it.
for attempt in $(seq 20); do
  connect "$b" -tls1_3
  [[ $ticket == "$new_name" ]] && break
  [ "$attempt" -lt 20 ] || fail "server B did not start encrypting with the new key $new_name"
  sleep 0.5
done
echo "B now seals new tickets under key $new_name"

for version in 1.2 1.3; do
  option="-tls${version/./_}"
  connect "$b" "$option" -sess_in "$work/s$version.pem"
  echo "B, TLS $version session from before the rotation: $line; renewed: the client now holds a ticket under key $ticket"
  [[ $line == "Reused, TLSv$version"* ]] || fail "the TLS $version session did not resume after the rotation"
  [[ $ticket == "$new_name" ]] || fail "the TLS $version ticket was not renewed under the new key $new_name"
done

echo "fleet: every session resumed on the other server, and after the rotation resumed renewed under the new key"
