#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft, combined broker + controller) for development and tests.
#
#   tools/kafka/kafka.sh fetch    resolve the broker jars from Maven Central into the cache (once)
#   tools/kafka/kafka.sh start    fetch if needed, format storage if new, start, wait until it answers
#   tools/kafka/kafka.sh stop     stop the broker started from this data directory (SIGTERM, then SIGKILL)
#   tools/kafka/kafka.sh status   exit 0 when the broker answers describeCluster
#   tools/kafka/kafka.sh run      like start, but in the foreground (Ctrl-C stops it)
#
# Environment (all optional):
#   KONTOR_KAFKA_PORT        client port, default 9092 (the controller listens on port + 1)
#   KONTOR_KAFKA_DATA_DIR    storage, config, logs and pid file; default .data/kafka-<port>
#   KONTOR_KAFKA_CACHE_DIR   jar cache; default .cache/kafka (keep it and later starts need no network)
#   KONTOR_KAFKA_HEAP        JVM heap options, default "-Xms256m -Xmx768m"
#   KONTOR_KAFKA_WAIT_SECS   how long start waits for the broker to answer, default 90
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${KONTOR_KAFKA_PORT:-9092}"
controller_port=$((port + 1))
data_dir="${KONTOR_KAFKA_DATA_DIR:-$root/.data/kafka-$port}"
cache_dir="${KONTOR_KAFKA_CACHE_DIR:-$root/.cache/kafka}"
kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"
libs_dir="$cache_dir/$kafka_version/libs"
pid_file="$data_dir/broker.pid"
log_file="$data_dir/broker.log"
wait_secs="${KONTOR_KAFKA_WAIT_SECS:-90}"

log() { echo "[kafka] $*" >&2; }

fetch() {
  if [[ -f "$libs_dir/.complete" ]]; then return 0; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required to fetch the broker jars"; exit 1; }
  command -v java >/dev/null || { log "Java 17+ is required to run the broker"; exit 1; }
  log "resolving org.apache.kafka:kafka_2.13:$kafka_version from Maven Central into $libs_dir"
  rm -rf "$libs_dir.tmp" && mkdir -p "$libs_dir.tmp"
  # Maven 3.8 prints colour codes even in batch mode; strip them. pipefail keeps Maven's exit status.
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$libs_dir.tmp" -DincludeScope=runtime 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
  rm -rf "$libs_dir" && mv "$libs_dir.tmp" "$libs_dir" && touch "$libs_dir/.complete"
  log "cached $(ls "$libs_dir" | wc -l) jars"
}

write_config() {
  mkdir -p "$data_dir/logs"
  cat >"$data_dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data_dir/logs
# Topics are declared by the platform from the contracts' catalogue, never auto-created.
auto.create.topics.enable=false
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  cat >"$data_dir/log4j2.properties" <<PROPS
rootLogger.level=WARN
rootLogger.appenderRef.file.ref=file
appender.file.type=File
appender.file.name=file
appender.file.fileName=$log_file
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=kafka.server.KafkaServer
logger.kafka.level=INFO
logger.raft.name=kafka.server.KafkaRaftServer
logger.raft.level=INFO
PROPS
}

java_args() {
  # shellcheck disable=SC2086
  echo ${KONTOR_KAFKA_HEAP:--Xms256m -Xmx768m} -XX:+UseG1GC -Djava.awt.headless=true
}

java_cmd() {
  # shellcheck disable=SC2046
  java $(java_args) -Dlog4j2.configurationFile="$data_dir/log4j2.properties" -cp "$libs_dir/*" "$@"
}

format_storage() {
  if [[ -f "$data_dir/logs/meta.properties" ]]; then return 0; fi
  local cluster_id
  cluster_id="$(java_cmd kafka.tools.StorageTool random-uuid)"
  log "formatting KRaft storage in $data_dir/logs (cluster $cluster_id)"
  java_cmd kafka.tools.StorageTool format -t "$cluster_id" -c "$data_dir/server.properties" >/dev/null
}

running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid; pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

answers() {
  KAFKA_BROKERS="127.0.0.1:$port" node "$here/wait-ready.js" "${1:-1}"
}

start() {
  fetch
  if pid="$(running_pid)"; then log "already running (pid $pid) on 127.0.0.1:$port"; answers "$wait_secs"; return; fi
  write_config
  format_storage
  log "starting Kafka $kafka_version on 127.0.0.1:$port (logs: $log_file)"
  # java itself in the background (not a shell function, which would run in a subshell), so $! is the
  # broker's own pid and stop signals the JVM.
  # shellcheck disable=SC2046
  java $(java_args) -Dlog4j2.configurationFile="$data_dir/log4j2.properties" -cp "$libs_dir/*" \
    kafka.Kafka "$data_dir/server.properties" >>"$data_dir/stdout.log" 2>&1 &
  echo $! >"$pid_file"
  local pid deadline=$((SECONDS + wait_secs)) ready=false
  pid="$(cat "$pid_file")"
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then log "broker exited during start-up"; break; fi
    if answers 1; then ready=true; break; fi
  done
  if [[ "$ready" != true ]]; then
    log "broker did not answer within ${wait_secs}s; last log lines:"
    tail -n 30 "$data_dir/stdout.log" "$log_file" >&2 || true
    stop; exit 1
  fi
  log "ready on 127.0.0.1:$port (pid $(cat "$pid_file"))"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then rm -f "$pid_file"; log "not running"; return 0; fi
  log "stopping pid $pid"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "still running after 30s, killing"; kill -KILL "$pid"; fi
  rm -f "$pid_file"
  log "stopped"
}

run_foreground() {
  start
  trap stop INT TERM
  wait "$(cat "$pid_file")" 2>/dev/null || tail --pid="$(cat "$pid_file")" -f /dev/null
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) answers 1 ;;
  run) run_foreground ;;
  *) echo "usage: $0 fetch|start|stop|status|run" >&2; exit 2 ;;
esac
