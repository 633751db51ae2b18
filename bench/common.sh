# Shared by the bench scripts: repository root, JDK, the bench class path, OpenCV for Python.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
JAVA_HOME="$(bin/java-home)"
export JAVA_HOME
java="$JAVA_HOME/bin/java"

build_bench() {
  ./mvnw -B -q install -DskipTests -pl bench -am
  ./mvnw -B -q dependency:build-classpath -pl bench -Dmdep.outputFile=target/classpath.txt
  bench_cp="bench/target/classes:$(cat bench/target/classpath.txt)"
}

need_opencv() {
  if ! /usr/bin/python3 -c 'import cv2' 2>/dev/null; then
    apt-get install -y -qq python3-opencv >/dev/null
  fi
}
