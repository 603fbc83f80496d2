#!/usr/bin/env bash
# The performance command: CmlBot's host as appsettings.json ships it, beside the echo bot, under wrk.
#
#   tools/wrk/run.sh [--mode hybrid|lexical] [--mix distinct|mixed] [--rounds N] [--duration S] [--warmup S]
#                    [--set Section:Key=value]… [--port N] [--echo-port N] [--configuration Release|Debug] [--no-build]
#   --echo-port defaults to the port after --port.
#   --no-build runs what "dotnet build" left in tools/CmlBot.LoadTest/bin instead of publishing.
#
# Publishes in Release as a deployment does (ReadyToRun: src/ReadyToRun.props), starts both hosts on loopback ports,
# times the host's cold start (process start to the first answered question), warms both up (30 s each by default:
# with both cores busy, the runtime takes that long to finish compiling the hot code at its best tier), then runs --rounds
# rounds in which the two take turns under wrk (2 threads, 64 keep-alive connections, who goes first alternates),
# then CmlBot alone at 4 connections for its latency. Prints each round, then one line of figures: turns/s at 64
# connections, the ratio to echo from the totals, p99 at 4 connections, the host's peak RSS (VmHWM) and the cold
# start. Exit 1 when any reply failed its check.
#
# Both hosts get only the settings a load from one address needs: the per-client rate limit of /api/messages is
# lifted (all the load comes from 127.0.0.1). --mode lexical adds --Retrieval:Mode=lexical and --set any other
# setting (--set Retrieval:ModelPrecision=int8); nothing else differs from appsettings.json. wrk runs on the same
# two cores as the hosts, as the README's figures say.
set -euo pipefail
cd "$(dirname "$0")/../.."

mode="" mix="distinct" rounds=3 duration=15 warmup=30 port=39781 echo_port="" settings=() configuration=Release build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="$2"; shift 2 ;;
    --mix) mix="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --echo-port) echo_port="$2"; shift 2 ;;
    --set) settings+=("--$2"); shift 2 ;;
    --configuration) configuration="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "run.sh: installing wrk …"
    apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else
    echo "run.sh: wrk is missing; install it with: sudo apt-get install -y wrk" >&2; exit 1
  fi
fi

if [ "$build" = 1 ]; then
  # The load test's publish folder holds the host's CmlBot.dll too, compiled alike.
  bin=artifacts/loadtest/$configuration
  dotnet publish -c "$configuration" tools/CmlBot.LoadTest -o "$bin" -v q -nologo | grep -E " error " && exit 1
else
  bin=tools/CmlBot.LoadTest/bin/$configuration/net10.0   # what "dotnet build" made (the tests' short run)
fi
[ -f "$bin/CmlBot.dll" ] || { echo "run.sh: $bin/CmlBot.dll is not built" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

# Questions patients ask (the bank) and ones the summary does not answer (the subjects' examples).
awk '/^- /{ sub(/^- /, ""); print }' corpus/questions.txt corpus/not-covered.txt > "$work/questions.txt"

overrides=(--Hosting:MessagesRateLimit:PermitsPerWindow=2147483647)
[ -n "$mode" ] && overrides+=("--Retrieval:Mode=$mode")
overrides+=("${settings[@]}")
host_url="http://127.0.0.1:$port" echo_url="http://127.0.0.1:${echo_port:-$((port + 1))}"
# A host that is not up after its wait stops the run here, with its log, rather than as refused connections in wrk.
started() { # name log up|down
  kill -0 "$(cat "$work/$1.pid")" 2>/dev/null && [ "$3" = up ] && return 0
  echo "run.sh: the $1 did not start; its log:" >&2; tail -n 30 "$2" >&2; exit 1
}

now_ms() { date +%s%3N; }
start=$(now_ms)
dotnet "$bin/CmlBot.dll" --urls "$host_url" "${overrides[@]}" >"$work/host.log" 2>&1 & echo $! >"$work/host.pid"
question='{"type":"message","channelId":"loadtest","serviceUrl":"http://127.0.0.1:9/","deliveryMode":"expectReplies","conversation":{"id":"cold"},"from":{"id":"cold"},"recipient":{"id":"cmlbot"},"text":"Why do donor lymphocyte infusions work?"}'
for _ in $(seq 1 600); do
  kill -0 "$(cat "$work/host.pid")" 2>/dev/null || break
  if curl -sf -m 5 -H 'Content-Type: application/json' -d "$question" "$host_url/api/messages" 2>/dev/null | grep -q '\[12\]'; then break; fi
  sleep 0.01
done
cold=$(( $(now_ms) - start ))
host_state=down; curl -sf -m 5 "$host_url/healthz" >/dev/null 2>&1 && host_state=up
started host "$work/host.log" "$host_state"
# Started only now, so that the cold start above had the machine to itself.
dotnet "$bin/CmlBot.LoadTest.dll" serve-echo --urls "$echo_url" "${overrides[@]}" >"$work/echo.log" 2>&1 & echo $! >"$work/echo.pid"
echo_state=down
for _ in $(seq 1 600); do
  kill -0 "$(cat "$work/echo.pid")" 2>/dev/null || break
  curl -sf -m 5 "$echo_url/healthz" >/dev/null 2>&1 && { echo_state=up; break; }
  sleep 0.1
done
started echo "$work/echo.log" "$echo_state"

failed=0
# Run k (0 the warm-up, then the rounds, then 4 connections) starts k × 100,000 questions into turns.lua's sequence,
# so that no run repeats questions whose vectors the host still remembers from an earlier one (the sequence repeats
# after about 600,000); the echo bot gets the same questions in the same round.
load() { # url connections seconds run [extra wrk args] → "turns/s errors p99"
  local out
  out=$(wrk -t2 -c"$2" -d"$3"s "${@:5}" -s tools/wrk/turns.lua "$1" -- "$work/questions.txt" "$mix" "$(($4 * 100000))")
  local rps errors p99
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  errors=$(awk '/^checked:/ { print $4 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  [ "${errors:-1}" = 0 ] || failed=1
  echo "$rps ${errors:-?} ${p99:--}"
}

echo "warming up both hosts for ${warmup} s each …"
load "$host_url" 64 "$warmup" 0 >/dev/null
load "$echo_url" 64 "$warmup" 0 >/dev/null

host_total=0 echo_total=0
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then order="host echo"; else order="echo host"; fi
  for who in $order; do
    url=$host_url; [ "$who" = echo ] && url=$echo_url
    read -r rps errors _ < <(load "$url" 64 "$duration" "$r")
    printf 'round %d  %-4s  %8.1f turns/s  %s errors\n' "$r" "$who" "$rps" "$errors"
    if [ "$who" = host ]; then host_total=$(awk "BEGIN { print $host_total + $rps }"); else echo_total=$(awk "BEGIN { print $echo_total + $rps }"); fi
  done
done
read -r rps4 errors4 p99 < <(load "$host_url" 4 "$duration" $((rounds + 1)) --latency)
printf 'host at 4 connections: %.1f turns/s, p99 %s, %s errors\n' "$rps4" "$p99" "$errors4"
rss=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$(cat "$work/host.pid")/status")
mode_shown=${mode:-$(sed -n 's/.*"Mode": *"\(hybrid\|lexical\)".*/\1/p' appsettings.json | head -1)}

host_mean=$(awk "BEGIN { printf \"%.0f\", $host_total / $rounds }")
echo_mean=$(awk "BEGIN { printf \"%.0f\", $echo_total / $rounds }")
ratio=$(awk "BEGIN { printf \"%.2f\", $host_total / $echo_total }")
echo
[ ${#settings[@]} -gt 0 ] && echo "settings: ${settings[*]}"
echo "| mode | mix | turns/s (64 conns) | echo turns/s | ÷ echo | p99 at 4 conns | peak RSS | cold start |"
echo "|---|---|---|---|---|---|---|---|"
echo "| $mode_shown | $mix | $host_mean | $echo_mean | $ratio | $p99 | $rss MB | $cold ms |"
[ "$failed" = 0 ] || { echo "run.sh: some replies failed their check (see above)" >&2; exit 1; }
