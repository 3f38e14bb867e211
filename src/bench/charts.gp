# How cost grows with subscribers: p99 and RSS against subscribers, from the series files the benchmark writes
# (target/bench/{jvm,native}/series-<protocol>-<target>.tsv: subscribers, p99 ms, RSS MB). src/bench/run.sh runs
# it after a full run; by hand: gnuplot -e "bench='target/bench'; out='src/docs'" src/bench/charts.gp
if (!exists("bench")) bench = "target/bench"
if (!exists("out")) out = "target/bench"

# Every series of both runs that exist, each a line titled by its run, protocol and target.
files(protocol) = system("ls " . bench . "/jvm/series-" . protocol . "-*.tsv " . bench . "/native/series-" . protocol . "-*.tsv 2>/dev/null")
label(f) = system("f='" . f . "'; run=$(basename $(dirname $f)); t=$(basename $f .tsv); t=${t#series-*-}; case $t in nchan*) echo \"nchan ($run run)\";; *) echo \"Mission Control $run\";; esac")

set terminal pngcairo size 1100,480 font ",10"
set key top left
set xlabel "subscribers"
set grid
set xrange [0:*]
set format x "%'.0f"

set output out . "/p99-vs-subscribers.png"
set multiplot layout 1,2 title "p99 latency from publish to receipt, 200 events at 50/s (log scale)"
set logscale y
set ylabel "p99 ms"
set title "Event stream (SSE)"
plot for [f in files("sse")] f using 1:2 with linespoints lw 2 pt 7 title label(f)
set title "WebSocket (comms room / nchan WebSocket)"
plot for [f in files("ws")] f using 1:2 with linespoints lw 2 pt 7 title label(f)
unset multiplot
unset logscale y

set output out . "/rss-vs-subscribers.png"
set multiplot layout 1,2 title "server RSS at the end of each fan-out row"
set ylabel "RSS MB"
set yrange [0:*]
set title "Event stream (SSE)"
plot for [f in files("sse")] f using 1:3 with linespoints lw 2 pt 7 title label(f)
set title "WebSocket"
plot for [f in files("ws")] f using 1:3 with linespoints lw 2 pt 7 title label(f)
unset multiplot
