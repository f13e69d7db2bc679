# Clustering job image for the Flink Kubernetes Operator (application mode), built from the repo root.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -pl clustering-job -am package -DskipTests \
 && cp clustering-job/target/clustering-job-*.jar /tmp/clustering-job.jar

FROM flink:1.20-java17
COPY --from=build --chown=flink:flink /tmp/clustering-job.jar /opt/flink/usrlib/clustering-job.jar
USER flink
