#!/usr/bin/env bash
# Assembles the runtime stage of the Dockerfile by hand (no Docker engine here) and runs its
# entrypoint and HEALTHCHECK: proves the image's COPY set is enough to start and answer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
image=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$image"' EXIT

# The build stage's last step, `npm prune --omit=dev`, on a hard-linked copy of node_modules.
cp "$root/package.json" "$root/package-lock.json" "$image/"
cp -al "$root/node_modules" "$image/node_modules"
# npm rewrites its hidden lockfile in place: give the copy its own, or the original would change too.
rm -f "$image/node_modules/.package-lock.json"
(cd "$image" && npm prune --omit=dev --no-audit --no-fund --silent)

# The runtime stage's COPY lines, in order.
cp -r "$root/dist" "$image/dist"
mkdir -p "$image/src/chat/web" && cp -r "$root/src/chat/web/public" "$image/src/chat/web/public"
cp -r "$root/runbooks" "$image/runbooks"
mkdir -p "$image/data"

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
cd "$image"
HOST=0.0.0.0 PORT=$port FIREBREAK_CONSOLE_TOKEN=layout-check FIREBREAK_DATABASE_URL=sqlite:/$image/data/firebreak.db LOG_LEVEL=warn \
  node dist/firebreak.mjs start &
pid=$!
for _ in $(seq 1 50); do
  if PORT=$port node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then
    code=$(node -e "fetch('http://127.0.0.1:$port/').then(r=>console.log(r.status))")
    kill -TERM "$pid"; wait "$pid"
    echo "image layout: /healthz ok and the console answers $code on :$port"
    exit 0
  fi
  sleep 0.2
done
echo "image layout: the process did not become healthy" >&2
exit 1
