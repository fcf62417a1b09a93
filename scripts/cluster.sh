#!/usr/bin/env bash
# A local Kubernetes control plane on loopback for the tests, the demo and by hand:
#   bash scripts/cluster.sh up      # start (or finish starting) everything; idempotent
#   bash scripts/cluster.sh status  # what runs, where
#   bash scripts/cluster.sh down    # stop every process `up` started; keeps certs and data
#   bash scripts/cluster.sh reset   # down, then forget the data (etcd, ports, certs)
# etcd, kube-apiserver (TLS from a generated CA, RBAC + Node authorizers, ServiceAccount tokens),
# kube-controller-manager (garbage collector, Job, TTL, namespace, ServiceAccount token …),
# kube-scheduler, kwok (fake k3s-like nodes; drives ordinary pods) and the pod runner
# (test/support/podRunner: stands in for kubelet + k6 for Metric Vault's k6 pods, running the
# k6 stand-in). Binaries come from scripts/cluster-build.sh. State lives in .cache/cluster/.
# `up` prints `export KUBECONFIG=<file>` as its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
STATE="$ROOT/.cache/cluster"
BIN="$STATE/bin"
PKI="$STATE/pki"
RUN="$STATE/run"
LOGS="$STATE/logs"
KUBECONFIG_FILE="$STATE/kubeconfig"
SERVICE_CIDR=10.96.0.0/16
NAMESPACE=test
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok pod-runner metrics-server)
# A network namespace joined to this host by a veth pair: the API server refuses to proxy or
# route a Service to loopback, so what it must reach (the test metrics server, test hosts behind
# the service proxy) listens on these addresses of our own instead.
# CLUSTER_NET (1-254, default 7) picks the namespace, veth pair and /30 so that two checkouts on
# one machine can each run their own cluster; the choice is kept in $STATE/net.env for the tests.
if [ -z "${CLUSTER_NET:-}" ] && [ -f "$STATE/net.env" ]; then source "$STATE/net.env"; fi
CLUSTER_NET="${CLUSTER_NET:-7}"
[[ "$CLUSTER_NET" =~ ^[0-9]+$ ]] && [ "$CLUSTER_NET" -ge 1 ] && [ "$CLUSTER_NET" -le 254 ] || { echo "cluster: CLUSTER_NET must be 1-254, got '$CLUSTER_NET'" >&2; exit 2; }
if [ "$CLUSTER_NET" = 7 ]; then NETNS=mv-cluster HOST_IF=mvc-host NS_IF=mvc-ns
else NETNS="mv-cluster-$CLUSTER_NET" HOST_IF="mvc$CLUSTER_NET-host" NS_IF="mvc$CLUSTER_NET-ns"; fi
HOST_ADDR="10.250.$CLUSTER_NET.1"
NS_ADDR="10.250.$CLUSTER_NET.2"

say() { echo "cluster: $*" >&2; }
die() { say "$*"; exit 1; }

# ---- processes -------------------------------------------------------------------------------

pid_of() { cat "$RUN/$1.pid" 2>/dev/null || true; }
# Alive and still ours: the pid file's process has our state directory on its command line
# (a reused pid of someone else's process is never signalled).
alive() {
  local pid; pid="$(pid_of "$1")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$STATE"
}

start() {
  local name="$1"; shift
  if alive "$name"; then return; fi
  mkdir -p "$RUN" "$LOGS"
  # setsid: its own process group, so `down` ends it (and any child) without touching others.
  setsid "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$name.pid"
}

stop() {
  local name="$1" pid
  pid="$(pid_of "$name")"
  if alive "$name"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$name" || break; sleep 0.2; done
    if alive "$name"; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$RUN/$name.pid"
}

# ---- ports -----------------------------------------------------------------------------------

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  local p=$1
  while ! port_free "$p" || [[ " ${TAKEN:-} " == *" $p "* ]]; do p=$((p + 1)); done
  TAKEN="${TAKEN:-} $p"
  echo "$p"
}

PORT_VARS=(ETCD_PORT ETCD_PEER_PORT APISERVER_PORT KCM_PORT SCHEDULER_PORT KUBELET_PORT KWOK_PORT)

# Ports are picked once (free ones from a random base) and kept, so the kubeconfig stays valid.
load_ports() {
  # shellcheck disable=SC1091
  [ -f "$STATE/ports.env" ] && source "$STATE/ports.env"
  local v next="${CLUSTER_PORT_BASE:-$((20000 + RANDOM % 20000))}" changed=0
  for v in "${PORT_VARS[@]}"; do
    if [ -z "${!v:-}" ]; then
      printf -v "$v" '%s' "$(pick_port "$next")"
      next=$((${!v} + 1))
      changed=1
    fi
  done
  if [ $changed = 1 ]; then
    for v in "${PORT_VARS[@]}"; do echo "$v=${!v}"; done > "$STATE/ports.env"
  fi
}

# ---- certificates ----------------------------------------------------------------------------

# cert <name> <subject> <ca> [<subjectAltName>]: a key and a certificate signed by <ca>.
cert() {
  local name="$1" subject="$2" ca="$3" san="${4:-}"
  [ -f "$PKI/$name.crt" ] && return
  local ext="$PKI/$name.ext"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [ -n "$san" ]; then echo "extendedKeyUsage=serverAuth"; echo "subjectAltName=$san"; else echo "extendedKeyUsage=clientAuth"; fi
  } > "$ext"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/$name.key" -subj "$subject" -out "$PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$ext"
}

ca() {
  local name="$1" cn="$2"
  [ -f "$PKI/$name.crt" ] && return
  openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$PKI/$name.key" -subj "/CN=$cn" -days 3650 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$PKI/$name.crt" 2>/dev/null
}

make_pki() {
  mkdir -p "$PKI"
  chmod 700 "$PKI"
  ca ca metric-vault-local-ca
  ca front-proxy-ca metric-vault-local-front-proxy-ca
  cert apiserver "/CN=kube-apiserver" ca \
    "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  cert admin "/O=system:masters/CN=metric-vault-admin" ca
  cert controller-manager "/CN=system:kube-controller-manager" ca
  cert scheduler "/CN=system:kube-scheduler" ca
  cert kwok "/O=system:masters/CN=kwok" ca
  cert pod-runner "/O=system:masters/CN=metric-vault-pod-runner" ca
  cert front-proxy-client "/CN=front-proxy-client" front-proxy-ca
  cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" ca
  cert kubelet "/CN=metric-vault-pod-runner-kubelet" ca "IP:127.0.0.1,DNS:localhost"
  cert metrics-server "/CN=metrics-server.kube-system.svc" ca "IP:$HOST_ADDR,DNS:metrics-server.kube-system.svc"
  if [ ! -f "$PKI/sa.key" ]; then
    openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
    openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  fi
}

# kubeconfig <file> <client cert name> [namespace]
kubeconfig() {
  local file="$1" who="$2" ns="${3:-default}"
  cat > "$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: metric-vault-local
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(base64 -w0 < "$PKI/ca.crt")
users:
- name: $who
  user:
    client-certificate-data: $(base64 -w0 < "$PKI/$who.crt")
    client-key-data: $(base64 -w0 < "$PKI/$who.key")
contexts:
- name: metric-vault-local
  context:
    cluster: metric-vault-local
    user: $who
    namespace: $ns
current-context: metric-vault-local
EOF
  chmod 600 "$file"
}

# ---- API calls (curl with the admin certificate) ---------------------------------------------

api() {
  local method="$1" path="$2" body="${3:-}"
  local args=(-sS --max-time 10 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" -X "$method" -H 'Content-Type: application/json' -o /dev/null -w '%{http_code}')
  [ -n "$body" ] && args+=(--data-binary "$body")
  curl "${args[@]}" "https://127.0.0.1:$APISERVER_PORT$path" 2>/dev/null || echo 000
}

wait_for() {
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || die "$what did not become ready within ${seconds}s (logs: $LOGS)"
    sleep 0.5
  done
}
apiserver_ready() { [ "$(api GET /readyz)" = 200 ]; }
default_sa_ready() { [ "$(api GET "/api/v1/namespaces/$NAMESPACE/serviceaccounts/default")" = 200 ]; }
metrics_ready() { [ "$(api GET /apis/metrics.k8s.io/v1beta1/nodes)" = 200 ]; }
etcd_ready() { curl -sf --max-time 2 "http://127.0.0.1:$ETCD_PORT/health" >/dev/null 2>&1; }

# create <collection path> <json>: 201 created, 409 already there — both fine.
create() {
  local code; code="$(api POST "$1" "$2")"
  case "$code" in 200|201|409) ;; *) die "creating $1 answered HTTP $code" ;; esac
}

k3s_node() {
  local name="$1" role="$2"
  local role_labels='"node-role.kubernetes.io/worker": "true"'
  [ "$role" = server ] && role_labels='"node-role.kubernetes.io/control-plane": "true", "node-role.kubernetes.io/master": "true", "node-role.kubernetes.io/etcd": "true"'
  cat <<EOF
{"apiVersion": "v1", "kind": "Node",
 "metadata": {"name": "$name",
  "labels": {"kubernetes.io/hostname": "$name", "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
   "beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": "amd64",
   "node.kubernetes.io/instance-type": "k3s", "beta.kubernetes.io/instance-type": "k3s", $role_labels,
   "type": "kwok"},
  "annotations": {"kwok.x-k8s.io/node": "fake", "k3s.io/hostname": "$name", "k3s.io/internal-ip": "10.0.0.1$4",
   "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
 "spec": {"providerID": "k3s://$name", "podCIDR": "10.42.$4.0/24", "podCIDRs": ["10.42.$4.0/24"]},
 "status": {"capacity": {"cpu": "$3", "memory": "8029676Ki", "pods": "110", "ephemeral-storage": "61202244Ki"},
  "allocatable": {"cpu": "$3", "memory": "8029676Ki", "pods": "110", "ephemeral-storage": "59536912433"},
  "nodeInfo": {"architecture": "amd64", "operatingSystem": "linux", "osImage": "Ubuntu 24.04.1 LTS",
   "kernelVersion": "6.8.0-45-generic", "kubeletVersion": "v1.36.3+k3s1", "kubeProxyVersion": "v1.36.3+k3s1",
   "containerRuntimeVersion": "containerd://2.1.4-k3s1", "machineID": "", "systemUUID": "", "bootID": ""}}}
EOF
}

sample_workload() {
  cat <<EOF
{"apiVersion": "apps/v1", "kind": "Deployment",
 "metadata": {"name": "sample-shop", "labels": {"app": "sample-shop", "app.kubernetes.io/part-of": "metric-vault-local-cluster"}},
 "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "sample-shop"}},
  "template": {"metadata": {"labels": {"app": "sample-shop"}},
   "spec": {"containers": [
    {"name": "app", "image": "registry.local/sample-shop:1.0.0", "ports": [{"containerPort": 8080}],
     "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "500m", "memory": "512Mi"}}},
    {"name": "envoy", "image": "envoyproxy/envoy:v1.31.0",
     "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"cpu": "100m", "memory": "128Mi"}}}]}}}}
EOF
}

# ---- the test network ------------------------------------------------------------------------

netns_up() {
  command -v ip >/dev/null 2>&1 || { say "iproute2 is missing: no test network (metrics.k8s.io off); run 'bash scripts/setup.sh'"; return 1; }
  if ! ip netns list 2>/dev/null | awk '{print $1}' | grep -qx -- "$NETNS"; then
    ip netns add "$NETNS" 2>/dev/null || { say "cannot create network namespace $NETNS (needs root): metrics.k8s.io off"; return 1; }
  fi
  if ! ip link show "$HOST_IF" >/dev/null 2>&1; then
    ip link add "$HOST_IF" type veth peer name "$NS_IF" &&
      ip link set "$NS_IF" netns "$NETNS" &&
      ip addr add "$HOST_ADDR/30" dev "$HOST_IF" &&
      ip link set "$HOST_IF" up &&
      ip netns exec "$NETNS" ip addr add "$NS_ADDR/30" dev "$NS_IF" &&
      ip netns exec "$NETNS" ip link set "$NS_IF" up &&
      ip netns exec "$NETNS" ip link set lo up || { say "cannot set up the veth pair $HOST_IF/$NS_IF: metrics.k8s.io off"; return 1; }
  fi
}

netns_down() {
  ip link del "$HOST_IF" 2>/dev/null || true
  ip netns del "$NETNS" 2>/dev/null || true
}

# ---- up / down / status ----------------------------------------------------------------------

check_binaries() {
  local missing=()
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do [ -x "$BIN/$b" ] || missing+=("$b"); done
  if [ ${#missing[@]} -gt 0 ]; then
    die "missing binaries in $BIN: ${missing[*]}. Build them with 'bash scripts/cluster-build.sh' (needs Go ≥ 1.26)."
  fi
  command -v openssl >/dev/null || die "openssl is missing: run 'bash scripts/setup.sh' (or apt-get install openssl)."
  command -v curl >/dev/null || die "curl is missing: run 'bash scripts/setup.sh' (or apt-get install curl)."
}

up() {
  check_binaries
  local t0=$SECONDS
  mkdir -p "$STATE" "$RUN" "$LOGS"
  if [ -f "$STATE/net.env" ] && ! grep -qx "CLUSTER_NET=$CLUSTER_NET" "$STATE/net.env"; then
    die "this checkout's cluster uses $(cat "$STATE/net.env"); run 'bash scripts/cluster.sh reset' before changing CLUSTER_NET"
  fi
  echo "CLUSTER_NET=$CLUSTER_NET" > "$STATE/net.env"
  load_ports
  make_pki
  kubeconfig "$STATE/controller-manager.kubeconfig" controller-manager
  kubeconfig "$STATE/scheduler.kubeconfig" scheduler
  kubeconfig "$STATE/kwok.kubeconfig" kwok
  kubeconfig "$STATE/pod-runner.kubeconfig" pod-runner "$NAMESPACE"
  kubeconfig "$KUBECONFIG_FILE" admin "$NAMESPACE"

  start etcd "$BIN/etcd" --name local --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "local=http://127.0.0.1:$ETCD_PEER_PORT" --unsafe-no-fsync --log-level warn \
    --quota-backend-bytes 2147483648
  wait_for etcd 30 etcd_ready

  # Pods are watched from etcd itself (no watch cache), so after an etcd compaction a watch from an
  # older resourceVersion gets 410 Expired, as clients must handle. Aggregator routing goes to the
  # endpoints directly: there is no kube-proxy to route a Service's cluster IP.
  start kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --client-ca-file "$PKI/ca.crt" \
    --authorization-mode Node,RBAC \
    --enable-admission-plugins NamespaceLifecycle,ServiceAccount,LimitRanger,ResourceQuota,NodeRestriction,DefaultTolerationSeconds \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --endpoint-reconciler-type none \
    --requestheader-client-ca-file "$PKI/front-proxy-ca.crt" --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "$PKI/front-proxy-client.crt" --proxy-client-key-file "$PKI/front-proxy-client.key" \
    --enable-aggregator-routing=true \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$PKI/ca.crt" --kubelet-preferred-address-types InternalIP \
    --watch-cache-sizes pods#0 \
    --audit-policy-file "$ROOT/tools/cluster/audit-policy.yaml" --audit-log-path "$LOGS/audit.log" --audit-log-maxsize 20 --audit-log-maxbackup 1 \
    --profiling=false --v=1 --cert-dir "$STATE/apiserver-certs"
  wait_for kube-apiserver 120 apiserver_ready

  start kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$STATE/controller-manager.kubeconfig" --authorization-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --cert-dir "$STATE/kcm-certs" \
    --leader-elect=false --use-service-account-credentials=true \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --controllers '*,-nodeipam' --concurrent-gc-syncs 5 --profiling=false --v=1
  start kube-scheduler "$BIN/kube-scheduler" \
    --kubeconfig "$STATE/scheduler.kubeconfig" \
    --authentication-kubeconfig "$STATE/scheduler.kubeconfig" --authorization-kubeconfig "$STATE/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT" --cert-dir "$STATE/scheduler-certs" \
    --leader-elect=false --profiling=false --v=1
  # kwok drives the nodes and every pod but Metric Vault's (those are the pod runner's) and the
  # pods that stand for test hosts in the network namespace (their status is the test's).
  start kwok "$BIN/kwok" --kubeconfig "$STATE/kwok.kubeconfig" \
    --config "$ROOT/tools/cluster/kwok-stages.yaml" --server-address "127.0.0.1:$KWOK_PORT" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --disregard-status-with-label-selector app.kubernetes.io/managed-by=metric-vault \
    --disregard-status-with-annotation-selector metric-vault.dev/test-host=true \
    --cidr 10.42.0.0/16 --node-ip 127.0.0.1 --node-port "$KUBELET_PORT"

  create /api/v1/namespaces "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"$NAMESPACE\"}}"
  create /api/v1/nodes "$(k3s_node k3s-server-1 server 4 1)"
  create /api/v1/nodes "$(k3s_node k3s-agent-1 agent 4 2)"
  create /api/v1/nodes "$(k3s_node k3s-agent-2 agent 2 3)"
  # Pods cannot be created before the ServiceAccount controller made the namespace's `default`.
  wait_for "the '$NAMESPACE' namespace's default ServiceAccount" 90 default_sa_ready
  # Something for `metric-vault pods` and the Pods view to show from the start (kwok runs it):
  # two replicas of an app container with an envoy sidecar, each with requests and limits.
  # CLUSTER_SAMPLE_WORKLOAD=0 leaves the namespace empty.
  if [ "${CLUSTER_SAMPLE_WORKLOAD:-1}" = 1 ]; then
    create "/apis/apps/v1/namespaces/$NAMESPACE/deployments" "$(sample_workload)"
  fi

  if [ "${CLUSTER_POD_RUNNER:-1}" = 1 ]; then
    [ -x "$ROOT/node_modules/.bin/node" ] || die "node_modules is missing: run 'bash scripts/setup.sh' first (the pod runner runs under the project's Node)."
    start pod-runner env "CLUSTER_STATE=$STATE" "$ROOT/node_modules/.bin/node" --import tsx "$ROOT/test/support/podRunner/main.ts" \
      --kubeconfig "$STATE/pod-runner.kubeconfig" --k6 "$ROOT/test/support/fakeK6/k6" --work-dir "$STATE/pod-runner" --allow-hosts "$NS_ADDR" \
      --kubelet-port "$KUBELET_PORT" --kubelet-cert "$PKI/kubelet.crt" --kubelet-key "$PKI/kubelet.key"
  fi
  if [ "${CLUSTER_POD_RUNNER:-1}" = 1 ] && netns_up; then
    start metrics-server "$ROOT/node_modules/.bin/node" --import tsx "$ROOT/test/support/metricsServer/main.ts" \
      --kubeconfig "$STATE/pod-runner.kubeconfig" --host "$HOST_ADDR" \
      --cert "$PKI/metrics-server.crt" --key "$PKI/metrics-server.key"
    wait_for "metrics.k8s.io (aggregation layer → test metrics server)" 60 metrics_ready
  fi
  say "ready in $((SECONDS - t0)) s: API server https://127.0.0.1:$APISERVER_PORT, namespace '$NAMESPACE', logs in $LOGS"
  echo "export KUBECONFIG=$KUBECONFIG_FILE"
}

down() {
  local i
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do stop "${COMPONENTS[$i]}"; done
  netns_down
  say "stopped"
}

status() {
  [ -f "$STATE/ports.env" ] && load_ports
  local c
  for c in "${COMPONENTS[@]}"; do
    if alive "$c"; then echo "$c: running (pid $(pid_of "$c"))"; else echo "$c: stopped"; fi
  done
  if [ -n "${APISERVER_PORT:-}" ] && apiserver_ready; then
    echo "api server: ready at https://127.0.0.1:$APISERVER_PORT"
    echo "export KUBECONFIG=$KUBECONFIG_FILE"
  else
    echo "api server: not ready"
    return 1
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  reset) down; rm -rf "$STATE/etcd" "$STATE/ports.env" "$PKI" "$STATE"/*.kubeconfig "$KUBECONFIG_FILE" "$STATE/pod-runner" "$STATE/net.env"; say "reset" ;;
  *) echo "usage: bash scripts/cluster.sh up | down | status | reset" >&2; exit 2 ;;
esac
