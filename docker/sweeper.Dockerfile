# Sweeper image, built from the repo root (docker-compose.yml: build context "."): stage 1 builds
# the module with Maven, stage 2 runs one sweep every SWEEP_INTERVAL_S seconds on a JRE (compose
# has no cron; in Kubernetes run SweeperMain once per CronJob tick instead).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -pl sweeper -am package dependency:copy-dependencies -DskipTests \
      -DincludeScope=runtime -DoutputDirectory=target/lib \
 && cp sweeper/target/sweeper-*.jar /tmp/app.jar

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /tmp/app.jar /app/app.jar
COPY --from=build /src/sweeper/target/lib /app/lib
RUN useradd --system --uid 10001 snapmap
USER snapmap
ENV SWEEP_INTERVAL_S=300
ENTRYPOINT ["sh", "-c", "while true; do java -XX:MaxRAMPercentage=75 -cp '/app/app.jar:/app/lib/*' com.snapmap.sweeper.SweeperMain --mongo.uri \"$MONGO_URI\" --kafka.bootstrap-servers \"$KAFKA_BOOTSTRAP_SERVERS\" || echo 'sweep failed; next run as scheduled'; sleep \"$SWEEP_INTERVAL_S\"; done"]
