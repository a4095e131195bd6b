# jarbiter: the two set-up commands are `make run` and `make test`.
MVN   ?= mvn
MVNFLAGS ?= -B -ntp
JAVA_HOME ?=
export AMQP_URI ?= amqp://guest:guest@localhost:5672/

.PHONY: build run test clean check-broker

## build: compile and package everything; leaves a runnable bin/jarbiter (jars in build/lib)
build:
	$(MVN) $(MVNFLAGS) -q package -DskipTests

## run: build if needed, then run the example app with 2 workers on 127.0.0.1:8000
##      (with its RPC and event services too when RabbitMQ is reachable at AMQP_URI)
run: build/.built
	@if CHECK_BROKER_STRICT=1 CI= bin/check-broker 2>/dev/null; then \
	  echo "RabbitMQ reachable: running examples/amqp.yaml (HTTP, RPC and events)"; exec bin/jarbiter examples/amqp.yaml; \
	else \
	  echo "No RabbitMQ at $$AMQP_URI: running examples/app.yaml (HTTP only)"; exec bin/jarbiter examples/app.yaml; \
	fi

build/.built: $(shell find pom.xml */pom.xml */src -type f 2>/dev/null)
	$(MVN) $(MVNFLAGS) -q package -DskipTests
	@touch $@

## test: every test, unit to process level, including RabbitMQ (AMQP_URI)
test: check-broker
	$(MVN) $(MVNFLAGS) verify
	@touch build/.built

check-broker:
	@bin/check-broker

clean:
	$(MVN) $(MVNFLAGS) -q clean
	rm -rf build
