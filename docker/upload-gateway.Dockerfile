# Upload gateway image, built from the repo root (docker-compose.yml: build
# context "."). Stage 1 builds the module with Maven, stage 2 runs it on a JRE.
# GATEWAY_MAIN must name the gateway's main class (the gateway module owns it).
FROM maven:3.9-eclipse-temurin-17 AS build
# npm: the build installs the map page's Leaflet and Natural Earth shapes (upload-gateway/web).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# One reactor run (-am): the core module is a sibling snapshot, never published.
RUN mvn -B -q -pl upload-gateway -am package dependency:copy-dependencies -DskipTests \
      -DincludeScope=runtime -DoutputDirectory=target/lib \
 && cp upload-gateway/target/upload-gateway-*.jar /tmp/app.jar

FROM eclipse-temurin:17-jre
ARG GATEWAY_MAIN=com.snapmap.gateway.GatewayMain
ENV GATEWAY_MAIN=${GATEWAY_MAIN}
WORKDIR /app
COPY --from=build /tmp/app.jar /app/app.jar
COPY --from=build /src/upload-gateway/target/lib /app/lib
RUN useradd --system --uid 10001 snapmap
USER snapmap
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec java -XX:MaxRAMPercentage=75 -cp '/app/app.jar:/app/lib/*' \"$GATEWAY_MAIN\""]
