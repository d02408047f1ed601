# Build: compile with the Maven wrapper on a JDK 25, then split the Spring Boot jar into layers, in
# its extracted form: videorelay.jar (our classes, a Class-Path to lib/) plus lib/*.jar. Run with
# java -jar, every class comes through the JVM's own class loaders, whose classes the AOT cache links
# ahead of time; through Spring Boot's launcher and its nested jars a start took 2 s longer
# (docs/benchmarks.md).
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
# Dependencies first, so a source change does not download them again.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/videorelay.jar extract --layers --destination /layers

# Run: a JRE 25, a non-root user, one image layer per Spring Boot layer (the application layer,
# which changes with every commit, comes last and is the only one a code change rebuilds). The
# embedded PostgreSQL's binaries (a layer of their own) stay out: the JVM skips class path entries
# that are absent, and the image never falls back to an embedded database.
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 videorelay \
 && useradd --system --uid 10001 --gid videorelay --no-create-home --shell /usr/sbin/nologin videorelay
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# Heap: a third of the container's memory limit (256 MB at docker-compose.yml's 768 MB, as bin/videorelay
# gives it), so that heap, the JVM's own (AOT cache, code, threads, about 200 MB) and the socket buffers
# of thousands of open connections (up to 130 MB, outside the heap) stay under the limit. Half of 768 MB
# ended at 615 MiB resident under the poll load. Below 1.75 GB the JVM picks the Serial collector
# (docs/benchmarks.md, "Memory"). SweeperThreshold=50: no collection just because compiled code grew
# by 15 % of the 64 MB code cache (with Serial that is a full, stop-the-world one; bin/videorelay).
# --sun-misc-unsafe-memory-access=allow: Tomcat frees its direct socket buffers with Unsafe::invokeCleaner.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=33 -XX:ReservedCodeCacheSize=64m -XX:SweeperThreshold=50 -XX:+ExitOnOutOfMemoryError --sun-misc-unsafe-memory-access=allow"
# The database is always the configured one (SPRING_DATASOURCE_URL): never an embedded fallback.
ENV VIDEORELAY_LOCALDATABASE_EMBEDDED=false
# Java's AOT cache (JEP 483/514/515), made here, at image build time, by a training run in this very
# runtime image and directory (a cache is only valid for the JVM and class path it was made with).
# There is no database during docker build, so the training run starts the context without one:
# no Flyway, no schema validation, Hibernate told the dialect instead of asking the database; it
# exits once the context is refreshed (-Dspring.context.exit=onRefresh), before anything listens.
# Classes only a database connection loads (Flyway's, the driver's) are read from the jars as before.
RUN java -XX:AOTCacheOutput=videorelay.aot -Dspring.context.exit=onRefresh -jar videorelay.jar \
      --spring.datasource.url=jdbc:postgresql://127.0.0.1:1/no-database-at-build-time \
      --spring.flyway.enabled=false --spring.jpa.hibernate.ddl-auto=none \
      --spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false \
      --spring.jpa.database-platform=org.hibernate.dialect.PostgreSQLDialect \
 && test -s videorelay.aot
USER 10001:10001
EXPOSE 8080
# No curl in the JRE image: bash's /dev/tcp asks the readiness probe directly.
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# Arguments select an admin command: docker compose run --rm videorelay keys create --project acme
# The JVM's own warnings (an unusable AOT cache, say) go to stderr, so that an admin command's standard
# output stays its result alone (KEY=$(docker compose run ... keys create ...)).
ENTRYPOINT ["java", "-XX:AOTCache=videorelay.aot", "-Xlog:disable", "-Xlog:all=warning:stderr", "-jar", "videorelay.jar"]
