#!/usr/bin/env bash
# The overload soak (b2bua/src/test/java/org/openipma/b2bua/sipp/OverloadSoakTest.java) at any size:
#
#   benchmarks/soak/run.sh CALLS RATE        e.g. run.sh 24000 800 (the build's run), run.sh 1000000 400
#
# Starts the server on the lab configuration and drives it with SIPp on 127.0.0.1: CALLS calls of
# uac-call-expect-200.xml (phone3 dials 1001, the route point picks the proxy line 1112, a SIPp uas-answer.xml
# registered as 1112 answers) at RATE new calls a second, plus CALLS/20 callers that vanish once answered
# (uac-call-expect-200-never-ack.xml) at RATE/20; every call still in progress when the load's lifetime
# (CALLS/RATE + 5 s) ends is abandoned. Then live calls and dialogs must return to zero within 45 s of the load's
# end, and the stack's transactions within 85 s. Passes or fails like the build's run (exit code of Maven).
#
# Needs sipp (sip-tester), java 17 and Maven with the project's dependencies (offline). The server logs only
# warnings (benchmarks/soak/logback-soak.xml) and the test its summary lines ("soak: ..."), which are printed
# here; the whole output goes to benchmarks/soak/target/soak-CALLS-RATE.log, SIPp's screens and error logs to
# b2bua/target/sipp-logs/soak/. Record the result in docs/benchmarks.md ("Overload soak").
set -euo pipefail

if [[ $# -ne 2 || ! $1 =~ ^[0-9]+$ || ! $2 =~ ^[0-9]+$ || $1 -lt 1 || $2 -lt 1 ]]; then
  echo "usage: benchmarks/soak/run.sh CALLS RATE   (CALLS answered-call attempts at RATE a second)" >&2
  exit 2
fi
calls=$1
rate=$2
here="$(cd "$(dirname "$0")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
out="$here/target"
mkdir -p "$out"
log="$out/soak-$calls-$rate.log"
command -v sipp >/dev/null || { echo "run.sh: sipp is not installed (Debian: apt-get install sip-tester)" >&2; exit 2; }

echo "soak: $calls calls at $rate/s (about $((calls / rate + 5)) s of load, then up to 85 s of drain); log in $log"
cd "$root"
status=0
mvn -B -o -pl routing-core,state,b2bua -am verify -Dtest='OverloadSoakTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsoak.calls="$calls" -Dsoak.rate="$rate" -Dlogback.configurationFile="$here/logback-soak.xml" \
    >"$log" 2>&1 || status=$?
grep -E "soak: |Tests run:|AssertionFailedError" "$log" | grep -v "^\[INFO\] Tests run: 0" || true
exit "$status"
