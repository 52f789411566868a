#!/usr/bin/env bash
# SIPp load on the B2BUA, with Kamailio as the baseline in the same run (docs/benchmarks.md).
#
#   benchmarks/b2bua-load/run.sh [SECONDS_PER_STEP] [RATE...]      e.g. run.sh 20 50 100 200
#   benchmarks/b2bua-load/run.sh find-max [SECONDS_PER_STEP] [START] [STEP]   e.g. run.sh find-max 10 200 200
#
# For each rate (new calls per second) and each target, on 127.0.0.1 only:
#   openipma: phone3 (1003) dials 1001 -> route point 100X -> routing decision -> proxy line 1112 answers
#   kamailio: phone3 (1003) dials 1112 -> registered contact (benchmarks/b2bua-load/kamailio.cfg)
# The called phone is one SIPp uas-answer.xml instance registered as 1112; the caller is SIPp running
# uac-call-expect-200.xml (407 and digest answer, 200, ACK, 0.5 s of call, BYE): each call is 7 requests
# and their responses through the server, and two dialogs in openipma's case. Each target gets a warm-up
# step (WARMUP seconds, default 30, at the lowest rate, or half the start rate for find-max) first, so the
# JVM is compiled before it is measured. A step passes with <= 0.1 % failed calls, < 1 % retransmissions and
# >= 95 % of the offered rate reached; find-max steps up until one fails, refines, and confirms the best.
#
# Environment: TARGETS="openipma" to run one target; JAVA_OPTS for openipma's JVM (e.g. -Xmx256m); WARMUP
# seconds (0: a cold start); PAUSE seconds between the steps of a list of rates (an overload step, then
# PAUSE=5 and a normal rate, shows recovery); SETTLE seconds after a failed find-max step.
# Needs: sipp (sip-tester), kamailio, java 17, the b2bua jar (built if missing). Every SIPp run is bounded
# by -m (calls) and -timeout. Results go to benchmarks/b2bua-load/target/ and a table on stdout.
set -euo pipefail

mode=steps
if [[ ${1:-} == find-max ]]; then
  # find-max [SECONDS_PER_STEP] [START] [STEP]
  mode=find-max
  seconds=${2:-10}
  start_rate=${3:-200}
  increment=${4:-200}
  set --
else
  seconds=${1:-20}
  shift || true
fi
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
      -x tlsf -m 256 -M 16 -E >"$out/kamailio.log" 2>&1
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

# The 99th percentile, in ms, of SIPp's response time RTD (1: set-up, 2: ringing) in the -trace_rtt files of
# DIR, or "-" when there is none.
percentile99() {
  cat "$1"/*_rtt.csv 2>/dev/null | awk -F';' -v rtd="$2" '$3 == rtd && $2 ~ /^[0-9.]+$/ { print $2 }' | sort -n \
    | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-" } else { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.1f", v[i] } }'
}

# One step: RATE calls/s for SECONDS; prints
#   "offered completed failed setup_ms cpu_s retransmissions reached_rate setup_p99_ms ring_p99_ms".
# setup is SIPp's response time 1: the first INVITE to the 200, through the 407 round; ring is response time
# 2: the authenticated INVITE to the 180 (routing and the callee's leg); reached_rate is completed calls per
# second of the time SIPp took to place them.
step() {
  local target=$1 rate=$2 secs=$3 dialed=$4 calls before after stat rtt_dir started ended
  calls=$((rate * secs))
  stat="$out/$target-$rate.csv"
  rtt_dir="$out/rtt-$target-$rate"
  rm -rf "$rtt_dir" && mkdir -p "$rtt_dir"
  before=$(cpu_seconds "${server_pids[@]}")
  started=$(date +%s.%N)
  (cd "$rtt_dir" && sipp -sf "$scenarios/uac-call-expect-200.xml" "127.0.0.1:$server_port" -i 127.0.0.1 -p 25072 \
    -s "$dialed" -key line 1003 -au phone3 -ap lab-phone3 -auth_uri "$dialed@127.0.0.1:$server_port" \
    -key contact_transport UDP -r "$rate" -m "$calls" -l $((rate * 4)) -timeout $((secs + 30)) \
    -trace_stat -stf "$stat" -fd 1 -trace_rtt -rtt_freq 1 -trace_screen -nostdin >/dev/null 2>"$out/uac-$target-$rate.log") || true
  ended=$(date +%s.%N)
  after=$(cpu_seconds "${server_pids[@]}")
  local p99 ring_p99
  p99=$(percentile99 "$rtt_dir" 1)
  ring_p99=$(percentile99 "$rtt_dir" 2)
  # The last line of the statistics file holds the cumulative (C) counters.
  awk -F';' -v cpu="$(echo "$after - $before" | bc)" -v offered="$calls" -v p99="$p99" -v ring="$ring_p99" \
      -v wall="$(echo "$ended - $started" | bc)" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { last = $0 }
    END {
      split(last, v, ";")
      rtt = v[col["ResponseTime1(C)"]]
      # SIPp writes times as HH:MM:SS:microseconds (millisecond resolution).
      split(rtt, t, ":")
      ms = (t[1] * 3600 + t[2] * 60 + t[3]) * 1000 + t[4] / 1000
      completed = v[col["SuccessfulCall(C)"]]
      # The last call ends about a second after it was placed (set-up, 0.5 s of call, BYE).
      span = wall - 1.0
      if (span < 1) span = 1
      printf "%d %d %d %.0f %.2f %d %.0f %s %s\n", offered, completed, v[col["FailedCall(C)"]], ms, cpu,
        v[col["Retransmissions(C)"]], completed / span, p99, ring
    }' "$stat"
}

# Whether a step passes (docs/benchmarks.md): <= 0.1 % of the offered calls failed, retransmissions < 1 % of
# the messages SIPp sent (5 per call), and >= 95 % of the offered rate reached.
passes() {
  local rate=$1 offered=$2 completed=$3 failed=$4 retrans=$5 reached=$6
  awk -v r="$rate" -v o="$offered" -v c="$completed" -v f="$failed" -v x="$retrans" -v got="$reached" \
    'BEGIN { exit !(f <= o * 0.001 && x < c * 5 * 0.01 && got >= r * 0.95 && c > 0) }'
}

header() {
  printf '%-9s %6s %8s %9s %7s %8s %8s %8s %8s %8s %7s %s\n' target rate offered completed failed "setup" "p99" \
    "180 p99" "CPU s" "retrans" "reached" "verdict"
}

# Runs one step and prints its row; returns 0 when it passes.
measured_step() {
  local target=$1 rate=$2 secs=$3 dialed=$4 offered completed failed rtt cpu retrans reached p99 ring verdict=fail
  read -r offered completed failed rtt cpu retrans reached p99 ring < <(step "$target" "$rate" "$secs" "$dialed")
  passes "$rate" "$offered" "$completed" "$failed" "$retrans" "$reached" && verdict=pass
  printf '%-9s %6s %8s %9s %7s %6sms %6sms %6sms %8s %8s %7s %s\n' "$target" "$rate" "$offered" "$completed" \
    "$failed" "$rtt" "$p99" "$ring" "$cpu" "$retrans" "$reached" "$verdict"
  [[ $verdict == pass ]]
}

# find-max: step the rate up by STEP from START until a step fails, halve the interval between the last
# pass and the first failure down to STEP/4, then confirm the best rate once (a failed confirmation
# takes the next lower rate that passed). Prints "TARGET max RATE".
# After a failed step the server still holds its retransmissions and the transactions that linger for RFC
# 3261's timers (32 s): the next step waits SETTLE seconds (default 35), so it measures a rate, not the
# previous overload.
settle() {
  sleep "${SETTLE:-35}"
}

find_max() {
  local target=$1 dialed=$2 secs=$3 rate=$4 increment=$5 best=0 worst=0 middle
  while measured_step "$target" "$rate" "$secs" "$dialed"; do
    best=$rate
    rate=$((rate + increment))
    [[ $rate -gt 20000 ]] && break
  done
  worst=$rate
  settle
  while [[ $((worst - best)) -gt $((increment / 4)) ]]; do
    middle=$(((best + worst) / 2))
    if measured_step "$target" "$middle" "$secs" "$dialed"; then best=$middle; else worst=$middle; settle; fi
  done
  if [[ $best -gt 0 ]] && ! measured_step "$target" "$best" "$secs" "$dialed"; then
    best=$((best - increment / 4))
  fi
  echo "$target max $best calls/s"
}

warm_up() {
  # WARMUP=0: none, to measure a cold start.
  [[ "${WARMUP:-30}" -gt 0 ]] || return 0
  # Long enough for the JIT to compile the call path (a 5 s warm-up left C1 and C2 busy during the first
  # measured step): WARMUP seconds (default 30) at the lowest rate.
  step "$1" "$2" "${WARMUP:-30}" "$3" >/dev/null
}

header
# TARGETS: which to run, default both.
for target in ${TARGETS:-openipma kamailio}; do
  dialed=1001
  [[ $target == kamailio ]] && dialed=1112
  start_target "$target"
  if [[ $mode == find-max ]]; then
    warm_up "$target" "$((start_rate / 2 > 0 ? start_rate / 2 : 1))" "$dialed"
    find_max "$target" "$dialed" "$seconds" "$start_rate" "$increment"
  else
    warm_up "$target" "${rates[0]}" "$dialed"
    first=1
    for rate in "${rates[@]}"; do
      # PAUSE: seconds between steps (default 0), e.g. PAUSE=5 for recovery within 5 s after an overload.
      [[ $first == 1 ]] || sleep "${PAUSE:-0}"
      first=0
      measured_step "$target" "$rate" "$seconds" "$dialed" || true
    done
  fi
  if [[ $target == openipma ]]; then
    echo "openipma peak RSS: $(awk '/VmHWM/ { print $2, $3 }' "/proc/${server_pids[0]}/status")"
  fi
  stop_target
done
