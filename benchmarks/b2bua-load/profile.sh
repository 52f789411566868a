#!/usr/bin/env bash
# Where openipma's CPU goes under load (docs/benchmarks.md), on 127.0.0.1 only:
#
#   benchmarks/b2bua-load/profile.sh [RATE] [SECONDS]        default 800 calls/s, 20 s sampled
#
# Starts openipma as run.sh does (bin/ipma, lab configuration, frame pointers kept for perf), registers one
# SIPp uas-answer.xml as the proxy line 1112, drives phone3 -> 1001 with uac-call-expect-200.xml at RATE
# calls/s, and after a 30 s warm-up samples every thread with `perf record -F 499 -g` for SECONDS, with the
# JIT's symbols from `jcmd Compiler.perfmap`. Prints the samples by thread group and by where the sampled
# frame is (JAIN-SIP, our code, the JDK, the JVM itself, the kernel); perf's data stays in
# target/profile/ for `perf report -i target/profile/perf.data`. Every SIPp run is bounded by -m and -timeout.
set -euo pipefail

rate=${1:-800}
seconds=${2:-20}
here="$(cd "$(dirname "$0")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
scenarios="$root/sipp-scenarios"
out="$here/target/profile"
server_port=26060
uas_port=26070
rm -rf "$out" && mkdir -p "$out"
for tool in sipp perf jcmd python3; do
  command -v "$tool" >/dev/null || { echo "profile.sh: $tool is not installed" >&2; exit 2; }
done
[[ -f "$root/b2bua/target/ipma.jar" ]] || (cd "$root" && mvn -q -B -o -DskipTests -pl b2bua -am package)

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

JAVA_OPTS="-XX:+PreserveFramePointer ${JAVA_OPTS:-}" "$root/bin/ipma" run --config "$root/config/lab.yaml" \
  --sip-port "$server_port" --http-port "$((server_port + 1))" --data-dir "$out/data" 2>"$out/openipma.log" &
pids+=($!)
for _ in $(seq 100); do grep -q "SIP listening" "$out/openipma.log" 2>/dev/null && break; sleep 0.2; done
server=$(pgrep -f "ipma.jar run .*--sip-port $server_port" | head -1)

sipp -sf "$scenarios/uas-answer.xml" -i 127.0.0.1 -p "$uas_port" -key line 1112 -key contact_transport UDP \
  -nostdin -timeout $((seconds + 120)) >/dev/null 2>"$out/uas.log" &
pids+=($!)
sleep 1
sipp -sf "$scenarios/uac-register-expect-200.xml" "127.0.0.1:$server_port" -i 127.0.0.1 -p 26071 -m 1 \
  -au assistant -ap lab-assistant -key line 1112 -key contact_port "$uas_port" -key contact_transport UDP \
  -nostdin -timeout 10 >/dev/null 2>"$out/register.log"
total=$((rate * (seconds + 40)))
sipp -sf "$scenarios/uac-call-expect-200.xml" "127.0.0.1:$server_port" -i 127.0.0.1 -p 26072 -s 1001 \
  -key line 1003 -au phone3 -ap lab-phone3 -auth_uri "1001@127.0.0.1:$server_port" -key contact_transport UDP \
  -r "$rate" -m "$total" -l $((rate * 4)) -timeout $((seconds + 90)) -nostdin >/dev/null 2>"$out/uac.log" &
pids+=($!)
sleep 30
perf record -F 499 -g -o "$out/perf.data" -p "$server" -- sleep "$seconds" 2>"$out/perf-record.log"
jcmd "$server" Compiler.perfmap >/dev/null
perf script -i "$out/perf.data" -F comm,ip,sym,dso 2>/dev/null | python3 "$here/profile-summary.py"
