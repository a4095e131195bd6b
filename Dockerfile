# The example app as a container: jarbiter is PID 1 (no tini needed: it reaps orphans and handles
# TERM/INT/QUIT itself). Build and run:
#   docker build -t jarbiter-example .
#   docker run --rm -p 8000:8000 jarbiter-example
# Stop with `docker stop` (SIGTERM: a graceful stop within graceful_timeout, exit 0).

# --- build: the jars and bin/jarbiter ---
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
# the reactor's poms first, so dependency downloads are cached while only sources change
COPY pom.xml ./
COPY conf/pom.xml conf/
COPY hooks/pom.xml hooks/
COPY worker/pom.xml worker/
COPY arbiter/pom.xml arbiter/
COPY examples/pom.xml examples/
COPY tests/pom.xml tests/
COPY bench/pom.xml bench/
RUN mvn -B -ntp -q -pl arbiter,examples -am dependency:go-offline || true
COPY conf/src conf/src
COPY hooks/src hooks/src
COPY worker/src worker/src
COPY arbiter/src arbiter/src
COPY examples/src examples/src
RUN mvn -B -ntp -q -pl arbiter,examples -am package -DskipTests

# --- runtime: a JRE, the jars, the app and its class-data archive ---
FROM eclipse-temurin:25-jre
WORKDIR /app
COPY --from=build /src/build/lib ./build/lib
COPY bin/jarbiter ./bin/jarbiter
COPY --from=build /src/examples/target/jarbiter-examples.jar ./target/jarbiter-examples.jar
COPY examples/app.yaml ./app.yaml
# Settings for a container: listen on every interface, control socket and archive inside /app.
# The AOT cache must be built by this image's own JDK with the jars at their final paths, so it is
# built here, at image build time; workers map it at every start (0.2 s boots).
ENV JARBITER_CMD_ARGS="--bind 0.0.0.0:8000 --jvm-archive-dir /app/archive --control-socket /app/run/jarbiter.ctl"
RUN mkdir -p /app/run && bin/jarbiter --build-archive app.yaml
EXPOSE 8000
STOPSIGNAL SIGTERM
# healthy = the master answers on its control socket and has booted workers
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD bin/jarbiter status --json --control-socket /app/run/jarbiter.ctl | grep -q '"booted":true' || exit 1
ENTRYPOINT ["bin/jarbiter"]
CMD ["app.yaml"]
