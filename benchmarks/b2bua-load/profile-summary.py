"""Summarises `perf script -F comm,ip,sym,dso` of openipma (profile.sh): samples by thread group and by where
the sampled (innermost) frame is. Reads stdin, prints two tables."""
import collections
import re
import sys

THREADS = [  # (group, pattern on the thread name as the kernel keeps it: 15 characters)
    ("SIP message channels (parse, transactions, our handlers)", r"UDPMessa|MessageChannelT"),
    ("UDP reader", r"MessageProcesso"),
    ("JAIN-SIP timer", r"DefaultSipTime|Timer-"),
    ("decision pool", r"ipma-decision"),
    ("call work and timers", r"ipma-call|ipma-timer"),
    ("call records (SQLite) and events", r"ipma-events|call-record"),
    ("state database", r"state-database|sqlite"),
    ("GC", r"GC Thread|G1 |VM Thread|G1Conc|G1Refine|G1Service"),
    ("JIT compilers", r"C1 CompilerThre|C2 CompilerThre|CompilerThre"),
]
FRAMES = [  # (where, test on "symbol dso")
    ("JAIN-SIP RI (gov.nist)", lambda s, d: "gov/nist" in s or "gov.nist" in s),
    ("openipma (org.openipma)", lambda s, d: "org/openipma" in s or "org.openipma" in s),
    ("JDK classes (java., sun., jdk.)", lambda s, d: re.search(r"L(java|sun|jdk)/|\b(java|sun|jdk)\.", s)),
    ("other Java (libraries, stubs, interpreter)", lambda s, d: "perf-" in d or "[JIT]" in d),
    ("kernel", lambda s, d: "kernel" in d or d.startswith("[k")),
    ("JVM (libjvm: GC, JIT, runtime)", lambda s, d: "libjvm" in d),
    ("C library and others", lambda s, d: True),
]


def main():
    threads = collections.Counter()
    frames = collections.Counter()
    total = 0
    want_frame = False
    for line in sys.stdin:
        if not line.strip():
            want_frame = False
            continue
        if not line[0].isspace():  # a sample's header: the thread's name (it may hold spaces)
            comm = line.strip()
            threads[next((g for g, p in THREADS if re.search(p, comm)), "other threads")] += 1
            total += 1
            want_frame = True
            continue
        if want_frame:  # the first frame of the chain: the innermost, where the sample was taken
            m = re.match(r"\s*[0-9a-f]+\s+(.*)\s+\((.*)\)\s*$", line)
            sym, dso = (m.group(1), m.group(2)) if m else (line.strip(), "")
            frames[next(w for w, test in FRAMES if test(sym, dso))] += 1
            want_frame = False
    if total == 0:
        print("no samples")
        return
    print(f"{total} samples")
    for title, counter in (("by thread", threads), ("by innermost frame", frames)):
        print(f"\n{title}:")
        for name, n in counter.most_common():
            print(f"  {100.0 * n / total:5.1f} %  {name}")


main()
