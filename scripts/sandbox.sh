# Sourced by scripts/demo and scripts/with-sandbox: starts a paradime-sandbox and waits for
# the port it prints alone on its first stdout line.
#
# start_sandbox BIN OUT LOG ARGS...: runs `BIN ARGS...` in the background, stdout to OUT and
# stderr to LOG; sets `pid`, and `port` once printed. Fails (pid cleared) when the sandbox
# exits first or prints nothing within 10 s.
start_sandbox() {
  local bin=$1 out=$2 log=$3
  shift 3
  : >"$out"; : >"$log"
  port=""
  "$bin" "$@" >"$out" 2>"$log" &
  pid=$!
  for _ in $(seq 1 200); do
    port=$(head -n1 "$out" 2>/dev/null || true)
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; pid=""; return 1; }
    sleep 0.05
  done
  return 1
}
