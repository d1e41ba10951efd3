#!/usr/bin/env bash
# Every test on the default Spark line (4.0), then the Spark modules (einops-spark, einops-udf) with
# their tests and the whole build's enforcer rules on Spark 4.1 and 4.2. This is the README's test
# command, which CI runs (.ci/run). Arguments go to every Maven call (-o, -Dmaven.repo.local=...).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp "$@" verify
for line in 4.1 4.2; do
  echo "=== Spark ${line}: the enforcer rules of every module, then einops-spark's and einops-udf's tests"
  mvn -B -ntp "$@" -Pspark-"${line}" validate
  mvn -B -ntp "$@" -Pspark-"${line}" verify -pl spark-einops/einops-spark,udf -am \
    -Dtest='dev/einops/spark/**' -Dsurefire.failIfNoSpecifiedTests=false
done
