#!/usr/bin/env bash
# Wren against Debian's dovecot-imapd, same messages, same run: builds Wren and Wren.Bench in Release, starts a
# private Dovecot (bench/imap-dovecot.sh, mdbox) and a private `wren serve` (IMAP without TLS on loopback,
# LITERAL+, room for 15,000 connections), fills both mailboxes with the same generated messages, then runs
# `Wren.Bench imap` against each: the FETCH/SEARCH timings, then the idle connections. Output goes to
# $out/{dovecot,wren}-{timings,idle}.txt and the terminal.
#
#   bench/imap-compare.sh [--messages 100000] [--idle 10000] [--reps 5] [--rounds 2] [--out DIR]
#                         [--wren-populate append|smtp] [--ports 10143,10144,10025] [--raise-inotify]
#                         [--dovecot-hibernate SECONDS] [--starttls-idle] [--keep]
#
# --rounds: the timings alternate between the servers (dovecot, wren, dovecot, wren…) so that both see the same
# machine load. Each server is restarted before its idle phase, so that "before" is a fresh process.
# --raise-inotify: sysctl fs.inotify.max_user_instances=20000 first. Dovecot needs one inotify instance per
# IDLE session (all run as one user) and falls back to polling every 30 s beyond the default 128 (its log says
# so); Wren does not use inotify. --dovecot-hibernate: also measure Dovecot's idle phase with
# imap_hibernate_timeout (idle sessions moved into one imap-hibernate process). --keep: leave both servers
# running and their data in place. --starttls-idle: the idle phase once more with STARTTLS on both.
#
# Populating: Dovecot with `mail_fsync = never` (restarted with its default before measuring; maildir/mdbox
# APPEND with fsync manages ~65 messages/s on this VM's disk), Wren by APPEND, or by SMTP to its own
# port 25 listener with --wren-populate smtp (same messages, plus Wren's Return-Path and Received fields).
# A mailbox that already holds the messages (same --messages, same seed) is not filled again.
# Needs root and `apt-get install -y dovecot-imapd`; run from the repository root.
set -euo pipefail

messages=100000
idle=10000
reps=5
rounds=2
ports=10143,10144,10025
raise_inotify=0
hibernate=0
starttls_idle=0
out=/tmp/wren-imap-compare
wren_populate=append
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --messages) messages=$2; shift 2 ;;
        --idle) idle=$2; shift 2 ;;
        --reps) reps=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --ports) ports=$2; shift 2 ;;
        --raise-inotify) raise_inotify=1; shift ;;
        --dovecot-hibernate) hibernate=$2; shift 2 ;;
        --starttls-idle) starttls_idle=1; shift ;;
        --out) out=$2; shift 2 ;;
        --wren-populate) wren_populate=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        *) echo "imap-compare.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

repo=$(pwd)
IFS=, read -r dport wport sport <<<"$ports"
if [ "$raise_inotify" = 1 ]; then sysctl -w fs.inotify.max_user_instances=20000; fi
mkdir -p "$out"
ulimit -n "$(ulimit -Hn)"   # 10,000 client sockets in the bench, 10,000 in the server
dovecot_dir=$out/dovecot
wren_data=$out/wren-data
bin=$out/bin

echo "== build (Release)"
dotnet build -c Release src/Wren >/dev/null
dotnet build -c Release bench/Wren.Bench >/dev/null
rm -rf "$bin" && mkdir -p "$bin" && cp -r src/Wren/bin/Release/net10.0 "$bin/wren" && cp -r bench/Wren.Bench/bin/Release/net10.0 "$bin/bench"
bench() { dotnet "$bin/bench/Wren.Bench.dll" imap "$@"; }
wren() { WREN__DATA=$wren_data dotnet "$bin/wren/wren.dll" "$@"; }

echo "== dovecot: populate $messages messages (mail_fsync=never), then restart with Dovecot's defaults"
"$repo/bench/imap-dovecot.sh" start --dir "$dovecot_dir" --port $dport --format mdbox --mail-fsync never
bench --host 127.0.0.1 --port $dport --user bench --password bench --label dovecot --populate "$messages" \
    --populate-connections 2 --no-timings
"$repo/bench/imap-dovecot.sh" start --dir "$dovecot_dir" --port $dport --format mdbox

echo "== wren: data folder, users, serve"
if [ ! -d "$wren_data" ]; then
    wren domain add example.test
    echo bench | wren user add bench@example.test --password-stdin
    echo bench | wren user add idle@example.test --password-stdin
fi
start_wren() {
    WREN__DATA=$wren_data WREN__MAILAUTH__VERIFY=false WREN__IMAP__ALLOWINSECUREAUTH=true WREN__IMAP__LITERALPLUS=true \
    WREN__LIMITS__MAXCONNECTIONS=15000 \
        dotnet "$bin/wren/wren.dll" serve --smtp 127.0.0.1:$sport --imap 127.0.0.1:$wport \
        --set Listeners:Submission:0= --set Listeners:Submissions:0= --set Listeners:Pop3:0= --set Listeners:Pop3s:0= \
        --set Listeners:Imaps:0= >> "$out/wren.log" 2>&1 &
    wren_pid=$!
    for _ in $(seq 1 300); do [ "$(grep -c 'wren: ready' "$out/wren.log")" -ge "$1" ] && break; sleep 0.2; done
}
start_wren 1
populate_via=()
[ "$wren_populate" = smtp ] && populate_via=(--populate-smtp 127.0.0.1:$sport)
bench --host 127.0.0.1 --port $wport --user bench@example.test --password bench --label wren --populate "$messages" \
    --populate-connections 8 "${populate_via[@]}" --no-timings

bench_dovecot() { bench --host 127.0.0.1 --port $dport --user bench --password bench --label dovecot --server-pid "$(cat "$dovecot_dir/run/master.pid")" "$@"; }
bench_wren() { bench --host 127.0.0.1 --port $wport --user bench@example.test --password bench --label wren --server-pid "$wren_pid" "$@"; }

for round in $(seq 1 "$rounds"); do
    echo "== timings, round $round"
    bench_dovecot --populate "$messages" --reps "$reps" --timeout 600 2>&1 | tee "$out/dovecot-timings-$round.txt" || true
    bench_wren --populate "$messages" --reps "$reps" --timeout 600 2>&1 | tee "$out/wren-timings-$round.txt" || true
done

if [ "$idle" -gt 0 ]; then
    echo "== $idle idle connections (each server restarted first)"
    "$repo/bench/imap-dovecot.sh" start --dir "$dovecot_dir" --port $dport --format mdbox
    bench_dovecot --no-timings --idle-connections "$idle" --idle-user idle --idle-seconds 10 2>&1 | tee "$out/dovecot-idle.txt" || true
    if [ "$hibernate" != 0 ]; then
        "$repo/bench/imap-dovecot.sh" start --dir "$dovecot_dir" --port $dport --format mdbox --hibernate "$hibernate"
        bench_dovecot --no-timings --idle-connections "$idle" --idle-user idle --idle-seconds $((hibernate + 15)) 2>&1 | tee "$out/dovecot-hibernate-idle.txt" || true
        "$repo/bench/imap-dovecot.sh" start --dir "$dovecot_dir" --port $dport --format mdbox
    fi
    kill "$wren_pid"; wait "$wren_pid" || true
    start_wren 2
    bench_wren --no-timings --idle-connections "$idle" --idle-user idle@example.test --idle-seconds 10 2>&1 | tee "$out/wren-idle.txt" || true
    if [ "$starttls_idle" = 1 ]; then
        "$repo/bench/imap-dovecot.sh" start --dir "$dovecot_dir" --port $dport --format mdbox --tls-port $((dport + 850))
        bench_dovecot --starttls --no-timings --idle-connections "$idle" --idle-user idle --idle-seconds 10 2>&1 | tee "$out/dovecot-idle-starttls.txt" || true
        kill "$wren_pid"; wait "$wren_pid" || true
        start_wren 3
        bench_wren --starttls --no-timings --idle-connections "$idle" --idle-user idle@example.test --idle-seconds 10 2>&1 | tee "$out/wren-idle-starttls.txt" || true
    fi
fi

if [ "$keep" = 0 ]; then
    kill "$wren_pid"
    "$repo/bench/imap-dovecot.sh" stop --dir "$dovecot_dir"
fi
echo "== results in $out"
