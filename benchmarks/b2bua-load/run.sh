#!/usr/bin/env bash
# SIPp load on the B2BUA, with Kamailio as the baseline in the same run (docs/benchmarks.md).
#
#   benchmarks/b2bua-load/run.sh [SECONDS_PER_STEP] [RATE...]      e.g. run.sh 20 50 100 200
#
# For each rate (new calls per second) and each target, on 127.0.0.1 only:
#   openipma: phone3 (1003) dials 1001 -> route point 100X -> routing decision -> proxy line 1112 answers
#   kamailio: phone3 (1003) dials 1112 -> registered contact (benchmarks/b2bua-load/kamailio.cfg)
# The called phone is one SIPp uas-answer.xml instance registered as 1112; the caller is SIPp running
# uac-call-expect-200.xml (407 and digest answer, 200, ACK, 0.5 s of call, BYE): each call is 7 requests
# and their responses through the server, and two dialogs in openipma's case. Each target gets a warm-up
# step (5 s at the lowest rate) first, so the JVM is compiled before it is measured.
#
# Environment: TARGETS="openipma" to run one target; JAVA_OPTS for openipma's JVM (e.g. -Xmx256m).
# Needs: sipp (sip-tester), kamailio, java 17, the b2bua jar (built if missing). Every SIPp run is bounded
# by -m (calls) and -timeout. Results go to benchmarks/b2bua-load/target/ and a table on stdout.
set -euo pipefail

seconds=${1:-20}
shift || true
rates=("${@:-50 100 200}")
# shellcheck disable=SC2206
rates=(${rates[*]})

here="$(cd "$(dirname "$0")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
scenarios="$root/sipp-scenarios"
out="$here/target"
jar="$root/b2bua/target/ipma.jar"
server_port=25060
uas_port=25070
mkdir -p "$out"
rm -f "$out"/*.csv "$out"/*.log

for tool in sipp kamailio java; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 2; }
done
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -q -B -o -DskipTests -pl b2bua -am package)
fi

server_pids=()
uas_pid=""
cleanup() {
  [[ -n "$uas_pid" ]] && kill "$uas_pid" 2>/dev/null || true
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  pkill -f "kamailio -f $here/kamailio.cfg" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

# CPU seconds (user + system) used so far by the given processes.
cpu_seconds() {
  local ticks=0 pid
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] || continue
    # Fields 14 and 15 (utime, stime), counted after the ")" that ends the command name.
    read -r -a f < <(sed 's/.*) //' "/proc/$pid/stat")
    ticks=$((ticks + f[11] + f[12]))
  done
  echo "scale=2; $ticks / $(getconf CLK_TCK)" | bc
}

await_udp() {
  local port=$1 hex
  hex=$(printf '%04X' "$port")
  for _ in $(seq 100); do
    grep -q ":$hex " /proc/net/udp /proc/net/udp6 && return 0
    sleep 0.1
  done
  echo "run.sh: nothing listens on udp $port" >&2
  exit 1
}

start_target() {
  local target=$1
  server_pids=()
  if [[ $target == openipma ]]; then
    # As a user starts it (bin/ipma: exits on out of memory); JAVA_OPTS e.g. -Xmx512m caps the heap.
    # A fresh embedded database per run, inside target/: call records and settings of earlier runs stay out.
    rm -rf "$out/data"
    JAVA_OPTS="${JAVA_OPTS:-}" "$root/bin/ipma" run --config "$root/config/lab.yaml" --sip-port "$server_port" --http-port "$((server_port + 1))" \
      --data-dir "$out/data" 2>"$out/openipma.log" &
    server_pids=($!)
  else
    kamailio -f "$here/kamailio.cfg" -A "PORT=$server_port" -w "$out" -P "$out/kamailio.pid" \
      -m 256 -M 16 -E >"$out/kamailio.log" 2>&1
    await_udp "$server_port"
    mapfile -t server_pids < <(pgrep -f "kamailio -f $here/kamailio.cfg")
  fi
  await_udp "$server_port"
  sipp -sf "$scenarios/uas-answer.xml" -i 127.0.0.1 -p "$uas_port" -key line 1112 -key contact_transport UDP \
    -nostdin -timeout 3600 >/dev/null 2>"$out/uas-$target.log" &
  uas_pid=$!
  await_udp "$uas_port"
  sipp -sf "$scenarios/uac-register-expect-200.xml" "127.0.0.1:$server_port" -i 127.0.0.1 -p 25071 -m 1 \
    -au assistant -ap lab-assistant -key line 1112 -key contact_port "$uas_port" -key contact_transport UDP \
    -nostdin -timeout 10 >/dev/null 2>"$out/register-$target.log"
}

stop_target() {
  kill "$uas_pid" 2>/dev/null || true
  wait "$uas_pid" 2>/dev/null || true
  uas_pid=""
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  pkill -f "kamailio -f $here/kamailio.cfg" 2>/dev/null || true
  # The next target binds the same port: wait until every server process is gone (openipma first ends its
  # calls, which takes a few seconds after an overload).
  for pid in "${server_pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  done
}

# One step: RATE calls/s for SECONDS; prints "offered completed failed rtt_ms cpu_s".
step() {
  local target=$1 rate=$2 secs=$3 dialed=$4 calls before after stat
  calls=$((rate * secs))
  stat="$out/$target-$rate.csv"
  before=$(cpu_seconds "${server_pids[@]}")
  sipp -sf "$scenarios/uac-call-expect-200.xml" "127.0.0.1:$server_port" -i 127.0.0.1 -p 25072 \
    -s "$dialed" -key line 1003 -au phone3 -ap lab-phone3 -auth_uri "$dialed@127.0.0.1:$server_port" \
    -key contact_transport UDP -r "$rate" -m "$calls" -l $((rate * 4)) -timeout $((secs + 30)) \
    -trace_stat -stf "$stat" -fd 1 -nostdin >/dev/null 2>"$out/uac-$target-$rate.log" || true
  after=$(cpu_seconds "${server_pids[@]}")
  # The last line of the statistics file holds the cumulative (C) counters.
  awk -F';' -v cpu="$(echo "$after - $before" | bc)" -v offered="$calls" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { last = $0 }
    END {
      split(last, v, ";")
      rtt = v[col["ResponseTime1(C)"]]
      # SIPp writes times as HH:MM:SS:microseconds (millisecond resolution).
      split(rtt, t, ":")
      ms = (t[1] * 3600 + t[2] * 60 + t[3]) * 1000 + t[4] / 1000
      printf "%d %d %d %.0f %.2f\n", offered, v[col["SuccessfulCall(C)"]], v[col["FailedCall(C)"]], ms, cpu
    }' "$stat"
}

printf '%-9s %6s %8s %9s %7s %12s %14s\n' target rate offered completed failed "setup ms" "server CPU s"
# TARGETS: which to run, default both.
for target in ${TARGETS:-openipma kamailio}; do
  dialed=1001
  [[ $target == kamailio ]] && dialed=1112
  start_target "$target"
  step "$target" "${rates[0]}" 5 "$dialed" >/dev/null # warm-up
  for rate in "${rates[@]}"; do
    read -r offered completed failed rtt cpu < <(step "$target" "$rate" "$seconds" "$dialed")
    printf '%-9s %6s %8s %9s %7s %12s %14s\n' "$target" "$rate" "$offered" "$completed" "$failed" "$rtt" "$cpu"
  done
  if [[ $target == openipma ]]; then
    echo "openipma peak RSS: $(awk '/VmHWM/ { print $2, $3 }' "/proc/${server_pids[0]}/status")"
  fi
  stop_target
done
