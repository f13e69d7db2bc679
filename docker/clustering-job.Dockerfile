# Clustering job image for the Flink Kubernetes Operator (application mode), built from the repo
# root: the job's shaded jar under usrlib (jarURI local:///opt/flink/usrlib/clustering-job.jar)
# and Flink's Azure file system plugin enabled (checkpoints and savepoints on abfss://).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -pl clustering-job -am package -DskipTests \
 && cp clustering-job/target/clustering-job-*-job.jar /tmp/clustering-job.jar

FROM flink:1.20-java17
RUN mkdir -p /opt/flink/plugins/azure-fs-hadoop \
 && cp /opt/flink/opt/flink-azure-fs-hadoop-*.jar /opt/flink/plugins/azure-fs-hadoop/ \
 && chown -R flink:flink /opt/flink/plugins/azure-fs-hadoop
COPY --from=build --chown=flink:flink /tmp/clustering-job.jar /opt/flink/usrlib/clustering-job.jar
USER flink
