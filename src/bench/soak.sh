#!/usr/bin/env bash
# The soak test in one command (a script, not a CI test): installs gnuplot from Debian if missing, packages the
# service, runs dev.missioncontrol.bench.Soak against it, and draws its samples as a PNG.
#   src/bench/soak.sh                         # 10 minutes, then the reconnect storm
#   src/bench/soak.sh --minutes 60            # an hour (the figures in docs/benchmarks.md)
#   src/bench/soak.sh --minutes 2 --no-storm  # a short look
# Options go to Soak: --subscribers N (2000), --comms N (500), --dispatches-per-second N (100), --storm N (10000),
# --native (the binary in target/), --redis (a redis-server of its own, transport=redis), --out DIR (target/soak).
# Writes DIR/samples.csv (with the heap after a full GC each minute on the JVM), DIR/histogram-*.txt, DIR/report.txt
# (with whether each measure stayed within 10% after minute 10) and DIR/soak.png.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v gnuplot >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends gnuplot-nox >/dev/null
fi

# The storm holds 10,000 subscribers on each side; the hard limit here is 20,000 open files per process.
ulimit -n "$(ulimit -Hn)"

out=target/soak
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    [ "${args[$i]}" = "--out" ] && out=${args[$((i + 1))]}
done

if [[ " $* " != *" --native "* ]]; then
    ./mvnw -B -q package -DskipTests
fi
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
java -cp "target/test-classes:$(cat target/bench/classpath.txt)" dev.missioncontrol.bench.Soak "$@"

gnuplot <<PLOT
set terminal pngcairo size 1100,560 font ",10"
set output "$out/soak.png"
set datafile separator ","
set multiplot layout 1,2 title "Mission Control soak: $(head -1 "$out/report.txt" | cut -c7-)"
set xlabel "minutes"
set ylabel "MB"
set key top left
set yrange [0:*]
plot "$out/samples.csv" using (\$1/60):2 skip 1 with lines lw 2 title "RSS", \
     "" using (\$1/60):3 skip 1 with lines lw 2 title "heap used"
set ylabel "count"
plot "$out/samples.csv" using (\$1/60):4 skip 1 with lines lw 2 title "open files", \
     "" using (\$1/60):5 skip 1 with lines lw 2 title "threads"
unset multiplot
PLOT
echo "samples: $out/samples.csv  picture: $out/soak.png  report: $out/report.txt"
