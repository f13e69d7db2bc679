# shellcheck shell=bash
# Flink operator verbs for ./snapmap (sourced by the launcher; not run on its own).
#
# Integration in ./snapmap (after ROOT and JAVA_OPENS are set):
#
#   source "$ROOT/scripts/flink-verbs.sh"
#   case "$verb" in
#     flink-start|flink-stop|flink-status|submit|savepoint|stop-job|cancel|jobs|flink-help)
#       run_flink_verb "$@" ;;
#     ...
#   esac
#
# Verbs (./snapmap --help lists them; ./snapmap VERB --help shows one verb's options, picocli's usage
# of FlinkClusterCommand): flink-start, flink-stop, flink-status, jobs, submit, savepoint, stop-job,
# cancel, flink-help. All arguments are passed through unchanged, except that submit without --jar
# gets the clustering job's shaded jar, clustering-job/target/clustering-job-*-job.jar.
#
# Exit codes of FlinkClusterCommand: 0 ok, 1 operation failed, 2 bad usage; errors are one line on stderr.
#
# Class path: local-stack/target/classes + local-stack/target/flink-lib/* (the Flink runtime jars that
# the session cluster itself runs from) + local-stack/target/runtime-classpath.txt (picocli). `mvn package`
# of local-stack creates all three (copy-dependencies and build-classpath run in the package phase).
#
# State: the local cluster lives in $ROOT/.snapmap/flink (conf/, log/, checkpoints/, savepoints/,
# *.pid, cluster.properties). Override with SNAPMAP_FLINK_WORK_DIR; point the client verbs at another
# cluster with SNAPMAP_FLINK_REST=http://host:8081.

build_flink_stack() {
  # runtime-classpath.txt is rewritten by every package of local-stack: the stamp of the last build.
  local stamp="$ROOT/local-stack/target/runtime-classpath.txt"
  local stale=""
  if [[ -f "$stamp" && -d "$ROOT/local-stack/target/flink-lib" && -d "$ROOT/local-stack/target/classes/com" ]]; then
    stale="$(find "$ROOT/pom.xml" "$ROOT/local-stack/pom.xml" "$ROOT/local-stack/src/main" "$ROOT/snapmap-cli/src/main" \
      -newer "$stamp" -print -quit)"
  else
    stale=1
  fi
  if [[ -n "$stale" ]]; then
    echo "snapmap: building local-stack (first use or sources changed)..." >&2
    (cd "$ROOT" && mvn -q -B -DskipTests -pl local-stack -am package) >&2
    touch "$stamp"
  fi
}

run_flink_verb() {
  build_flink_stack
  local verb="$1"; shift
  local args=("$@")
  if [[ "$verb" == "submit" ]] && ! printf '%s\n' "${args[@]}" | grep -q -e '^--jar$' -e '^--jar='; then
    local jar
    jar="$(ls "$ROOT"/clustering-job/target/clustering-job-*-job.jar 2>/dev/null | head -n 1 || true)"
    if [[ -z "$jar" ]]; then
      echo "snapmap: no clustering-job/target/clustering-job-*-job.jar; build it (mvn -pl clustering-job -am verify) or pass --jar" >&2
      exit 2
    fi
    args=(--jar "$jar" "${args[@]}")
  fi
  exec java -Xmx256m $JAVA_OPENS \
    -Dlog4j.configurationFile="$ROOT/flink-conf/log4j-console.properties" -Dlog.file=/dev/null \
    -Dconsole.log.level=WARN \
    -cp "$ROOT/local-stack/target/classes:$ROOT/local-stack/target/flink-lib/*:$(cat "$ROOT/local-stack/target/runtime-classpath.txt")" \
    com.snapmap.stack.FlinkClusterCommand \
    --work-dir "${SNAPMAP_FLINK_WORK_DIR:-$ROOT/.snapmap/flink}" \
    --conf-dir "$ROOT/flink-conf" \
    --lib-dir "$ROOT/local-stack/target/flink-lib" \
    "$verb" "${args[@]}"
}
