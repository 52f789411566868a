#!/usr/bin/env bash
# Heap per registration and per call in progress (docs/benchmarks.md), on 127.0.0.1 only:
#
#   benchmarks/b2bua-load/memory.sh [REGISTRATIONS] [CALLS]        default 10000 5000
#
# Starts openipma as a user does (bin/ipma, lab configuration, its default heap unless JAVA_OPTS sets one) and
# measures its live heap with `jcmd GC.class_histogram` (which collects first, so only live objects count):
#   1. at rest;
#   2. after REGISTRATIONS registrations, one per line: the lab plus a phone (user bench) with REGISTRATIONS
#      lines (3000001...), each registered by SIPp uac-register-many.xml from an injection file, measured
#      40 s later (after the REGISTER transactions' 32 s of RFC 3261 timers);
#   3. with CALLS calls in progress (SIPp uac-call-held.xml, phone3 -> 1001 -> proxy line 1112 answered by a
#      SIPp uas, each held 300 s), measured 40 s after the last call was answered, when the transactions
#      that set them up have ended (RFC 3261 timers, 32 s) and only the calls remain.
# sip.maxCalls is raised to 100,000 in the generated configuration, so that the calls are not refused.
# Every SIPp run is bounded by -m and -timeout.
set -euo pipefail

registrations=${1:-10000}
calls=${2:-5000}
here="$(cd "$(dirname "$0")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
scenarios="$root/sipp-scenarios"
out="$here/target/memory"
server_port=25060
http_port=28080
uas_port=25070
rm -rf "$out" && mkdir -p "$out"

for tool in sipp jcmd curl; do
  command -v "$tool" >/dev/null || { echo "memory.sh: $tool is not installed" >&2; exit 2; }
done
[[ -f "$root/b2bua/target/ipma.jar" ]] || (cd "$root" && mvn -q -B -o -DskipTests -pl b2bua -am package)

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# The lab, plus one phone with one line per registration to make.
config="$out/lab-plus-phones.yaml"
awk -v n="$registrations" '{ print } /^sip:/ { print "  maxCalls: 100000" } /^phones:/ {
  print "  - name: BENCH"
  print "    user: bench"
  print "    password: bench-password"
  print "    css: CSS_DEFAULT"
  print "    lines:"
  for (i = 1; i <= n; i++) printf "      - { dn: \"%d\", partition: PT_INTERNAL }\n", 3000000 + i
}' "$root/config/lab.yaml" > "$config"
{ echo "SEQUENTIAL"; for i in $(seq "$registrations"); do echo "$((3000000 + i))"; done; } > "$out/lines.csv"

"$root/bin/ipma" run --config "$config" --sip-port "$server_port" --http-port "$http_port" \
  --data-dir "$out/data" 2>"$out/openipma.log" &
pids+=($!)
for _ in $(seq 100); do grep -q "SIP listening" "$out/openipma.log" 2>/dev/null && break; sleep 0.2; done
server=$(pgrep -f "ipma.jar run .*--sip-port $server_port" | head -1)

# Writes the histogram to $out/histogram-NAME.txt (for a diff by class) and prints its total bytes.
live_heap() {
  jcmd "$server" GC.class_histogram > "$out/histogram-$1.txt"
  awk '/^Total/ { print $3 }' "$out/histogram-$1.txt"
}
active_calls() {
  curl -s -u admin:lab-admin "http://127.0.0.1:$http_port/metrics" | awk '/^ipma_calls_active / { print int($2) }'
}

rest=$(live_heap rest)

sipp -sf "$here/uac-register-many.xml" "127.0.0.1:$server_port" -i 127.0.0.1 -p 25071 -m "$registrations" -r 500 \
  -inf "$out/lines.csv" -au bench -ap bench-password -key contact_port 25099 -key contact_transport UDP \
  -nostdin -timeout 120 >/dev/null 2>"$out/register.log" || true
sleep 40
registered=$(live_heap registered)

sipp -sf "$scenarios/uas-answer.xml" -i 127.0.0.1 -p "$uas_port" -key line 1112 -key contact_transport UDP \
  -nostdin -timeout 900 >/dev/null 2>"$out/uas.log" &
pids+=($!)
sleep 1
sipp -sf "$scenarios/uac-register-expect-200.xml" "127.0.0.1:$server_port" -i 127.0.0.1 -p 25072 -m 1 \
  -au assistant -ap lab-assistant -key line 1112 -key contact_port "$uas_port" -key contact_transport UDP \
  -nostdin -timeout 10 >/dev/null 2>"$out/register-uas.log"
rate=250
sipp -sf "$here/uac-call-held.xml" "127.0.0.1:$server_port" -i 127.0.0.1 -p 25073 -s 1001 -key line 1003 \
  -au phone3 -ap lab-phone3 -auth_uri "1001@127.0.0.1:$server_port" -key contact_transport UDP -d 300000 \
  -r "$rate" -m "$calls" -l "$calls" -nostdin -timeout 900 >/dev/null 2>"$out/uac.log" &
pids+=($!)
sleep $((calls / rate + 40))
in_progress=$(active_calls)
with_calls=$(live_heap calls)

echo "histograms by class: $out/histogram-{rest,registered,calls}.txt"
echo "live heap at rest: $((rest / 1024)) KB"
echo "after $registrations registrations: $((registered / 1024)) KB -> $(((registered - rest) / registrations)) bytes per registration"
echo "with $in_progress calls in progress: $((with_calls / 1024)) KB -> $(((with_calls - registered) / in_progress)) bytes per call"
