# Shared preamble of the bench launchers, sourced by each (source "$(dirname "$0")/lib.sh"):
# checks that the bench module is built, then sets
#   here      this folder (bench/)
#   target    bench/target
#   jar       the bench module's jar
#   bench_jvm the java command line up to the main class (class path, GC, offline DJL, quiet
#             logging); the caller adds its -Xmx and main class:
#             exec "${bench_jvm[@]}" -Xmx6g org.transfer4j.bench.EmbedBench "${args[@]}"
# and defines omp_wait_policy and thp_huge_pages for the launchers that want those defaults.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/target"
if [[ ! -d "$target/lib" ]]; then
  echo "error: the bench module is not built; run 'mvn -B -o -DskipTests package' at the root" >&2
  exit 2
fi
jar="$(ls "$target"/transfer4j-bench-*.jar | head -1)"
bench_jvm=("${JAVA:-java}" -XX:+UseParallelGC -Dai.djl.offline=true
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar:$target/lib/*")

# OMP_WAIT_POLICY=PASSIVE unless set; OMP_WAIT_POLICY=default leaves the variable unset (libgomp's
# own policy: spin, then sleep).
omp_wait_policy() {
  if [[ "${OMP_WAIT_POLICY:-}" == default ]]; then
    unset OMP_WAIT_POLICY
  else
    export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
  fi
}

# THP_MEM_ALLOC_ENABLE=1 (unless you set it): libtorch then aligns allocations of 2 MB and more
# to huge pages and madvises them (this machine's transparent_hugepage mode is "madvise"), so
# reading the weights misses the TLB far less; decoding, which streams all weights per token,
# measured ~20% faster (BENCHMARKS.md). No effect on the numbers computed.
thp_huge_pages() {
  export THP_MEM_ALLOC_ENABLE="${THP_MEM_ALLOC_ENABLE:-1}"
}
