#!/usr/bin/env bash
# The fan-out benchmark in one command: installs its tools (nginx with the nchan module, wrk) from Debian if
# missing, packages the service, and runs the load client (dev.missioncontrol.bench.Benchmark), which starts
# the service and the peer in their own processes. Prints a table; writes target/bench/{jvm,native}/results.json
# and, after a full run, the charts of p99 and RSS against subscribers (gnuplot) into target/bench.
#   src/bench/run.sh                  # every row (about 10 minutes)
#   src/bench/run.sh --quick          # a smoke run of every row at small N, about 25 s once built
#   src/bench/run.sh --server native  # every row against target/*-runner (build it first, see docs/deploy.md)
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_nchan_module.so ] || missing+=(libnginx-mod-nchan)
[ -x /usr/bin/wrk ] || missing+=(wrk)
command -v gnuplot >/dev/null 2>&1 || missing+=(gnuplot-nox)
if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 10,000 subscribers need 10,000 sockets on each side; the hard limit here is 20,000 per process.
ulimit -n "$(ulimit -Hn)"

# Start-up on JDK 25 with an AOT cache (JEP 483/515), where a JDK 25 is found (JDK25_HOME, or the Temurin
# package's path): the pom's aot profile packages an aot-jar into target/quarkus-app-aot and records the cache
# while integration tests run against it. Skipped, saying so, without a JDK 25 or with --quick.
aot_java=()
jdk25="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ " $* " != *" --quick "* ]]; then
    if [ -x "$jdk25/bin/java" ]; then
        JAVA_HOME="$jdk25" ./mvnw -B -q verify -Paot -Dquarkus.package.output-directory=quarkus-app-aot
        aot_java=(-Dbench.aot.java="$jdk25/bin/java")
    else
        echo "start-up with an AOT cache skipped: no JDK 25 at $jdk25 (set JDK25_HOME)"
    fi
fi

./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
java "${aot_java[@]}" -cp "target/test-classes:$(cat target/bench/classpath.txt)" dev.missioncontrol.bench.Benchmark "$@"

# The charts, from whichever of the JVM and native runs have left series (a full run of each draws both).
if [ "$#" -eq 0 ] || { [ "$#" -eq 2 ] && [ "$1" = "--server" ]; }; then
    gnuplot -e "bench='target/bench'; out='target/bench'" src/bench/charts.gp
    echo "charts: target/bench/p99-vs-subscribers.png target/bench/rss-vs-subscribers.png"
fi
