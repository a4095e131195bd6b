# jarbiter: the two set-up commands are `make run` and `make test`.
MVN   ?= mvn
MVNFLAGS ?= -B -ntp
JAVA_HOME ?=
export AMQP_URI ?= amqp://guest:guest@localhost:5672/

.PHONY: build run test install clean check-broker bench bench-quick bench-tools

## build: compile and package everything; leaves a runnable bin/jarbiter (jars in build/lib) and the
##        example app's class-data archive (AppCDS on JDK 17-24, AOT cache on 25+) in jvm_archive_dir
build:
	$(MVN) $(MVNFLAGS) -q package -DskipTests
	@if bin/jarbiter --build-archive examples/app.yaml > build/archive.log 2>&1; then tail -n 1 build/archive.log; \
	else cat build/archive.log; echo "make build: no class-data archive was built (see above); workers boot without one"; fi
	@touch build/.built

## run: build if needed, then run the example app with 2 workers on 127.0.0.1:8000
##      (with its RPC and event services too when RabbitMQ is reachable at AMQP_URI)
run: build/.built
	@if CHECK_BROKER_STRICT=1 CI= bin/check-broker 2>/dev/null; then \
	  echo "RabbitMQ reachable: running examples/amqp.yaml (HTTP, RPC and events)"; exec bin/jarbiter examples/amqp.yaml; \
	else \
	  echo "No RabbitMQ at $$AMQP_URI: running examples/app.yaml (HTTP only)"; exec bin/jarbiter examples/app.yaml; \
	fi

build/.built: $(shell find pom.xml */pom.xml */src -type f 2>/dev/null)
	$(MAKE) build

## test: every test, unit to process level, including RabbitMQ (AMQP_URI); installs the service API
##       artifacts on the way (as make install), which the first-service test builds against offline
test: check-broker
	$(MVN) $(MVNFLAGS) install
	@touch build/.built

## install: put jarbiter's service API (jarbiter-worker, jarbiter-hooks, ...) and the parent POM of
##          service projects (io.jarbiter:jarbiter-service-parent) into the local Maven repository
install:
	$(MVN) $(MVNFLAGS) -q install -DskipTests
	@touch build/.built

check-broker:
	@bin/check-broker

## bench: build, then measure against baselines side by side (bench/results/, README table); ~25 min per JDK
bench: build bench-tools
	bin/bench $(BENCH_ARGS)

## bench-quick: the same rows in a few minutes (fewer, shorter rounds): the ratios, not the precision
bench-quick: build bench-tools
	bin/bench --quick $(BENCH_ARGS)

## bench-tools: wrk and gunicorn, and the Debian python3 packages the nameko peer (../shared/peers/nameko) runs
##              on, when apt-get can install them; the bench skips a row whose tool is missing, saying so
NAMEKO_PY_PACKAGES = python3-eventlet python3-kombu python3-amqp python3-werkzeug python3-yaml python3-mock \
  python3-wrapt python3-requests python3-six python3-packaging python3-setuptools
bench-tools:
	@if command -v wrk >/dev/null && command -v gunicorn >/dev/null; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then apt-get install -y -q wrk gunicorn >/dev/null || \
	  echo "bench: could not install wrk/gunicorn; the bench uses its Java load generator and skips gunicorn"; \
	else echo "bench: wrk/gunicorn missing (apt-get install wrk gunicorn); the bench uses its Java load generator and skips gunicorn"; fi
	@if /usr/bin/python3 -c 'import eventlet, kombu, amqp, werkzeug, yaml, mock, wrapt, requests, six, packaging' 2>/dev/null; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(NAMEKO_PY_PACKAGES) >/dev/null || \
	  echo "bench: could not install nameko's python3 packages; the nameko rows are skipped"; \
	else echo "bench: nameko's python3 packages missing (apt-get install $(NAMEKO_PY_PACKAGES)); the nameko rows are skipped"; fi

clean:
	$(MVN) $(MVNFLAGS) -q clean
	rm -rf build
