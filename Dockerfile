# Build: compile with the Maven wrapper on a JDK 25, then split the Spring Boot jar into layers.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
# Dependencies first, so a source change does not download them again.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/videorelay.jar extract --layers --launcher --destination /layers

# Run: a JRE 25, a non-root user, one image layer per Spring Boot layer (the application layer,
# which changes with every commit, comes last and is the only one a code change rebuilds).
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 videorelay \
 && useradd --system --uid 10001 --gid videorelay --no-create-home --shell /usr/sbin/nologin videorelay
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# The database is always the configured one (SPRING_DATASOURCE_URL): never an embedded fallback.
ENV VIDEORELAY_LOCALDATABASE_EMBEDDED=false
# No curl in the JRE image: bash's /dev/tcp asks the readiness probe directly.
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# No AOT cache training run (-XX:AOTCacheOutput with -Dspring.context.exit=onRefresh): refreshing the
# context migrates and validates the database, and there is none during docker build.
# Arguments select an admin command: docker compose run --rm videorelay keys create --project acme
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
