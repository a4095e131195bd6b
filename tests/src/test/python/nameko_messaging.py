"""nameko.messaging's own Publisher and @consume, run in nameko's ServiceContainer, for NamekoMessagingIT.

Reads one JSON object on stdin, {"uri": "pyamqp://...", "mode": ..., ...}, and prints one JSON object:

  {"mode": "publish", "context": {"user_id": "u7"}, "bodies": [...], "routing_key": "to.java"}
      publishes each body through nameko's Publisher from inside a service call made with
      nameko.testing's entrypoint_hook (so the context data and call-id stack go out as nameko.* headers);
      prints {"published": n, "call_ids": [...]}.
  {"mode": "consume", "count": n, "timeout": s}
      runs a nameko @consume on the queue Java publishes to until n messages were handled or s seconds
      passed; prints {"received": [{"body": ..., "context_data": {...}, "call_id_stack": [...]}, ...]}.

The exchange and queues are declared by nameko from the kombu objects below; jarbiter's MessagingService
declares the same ones from its annotations, and the broker refuses (PRECONDITION_FAILED) any difference.
Needs nameko on PYTHONPATH.
"""
import eventlet
eventlet.monkey_patch()  # noqa: E402  (nameko needs a patched stdlib before anything else)

import json
import sys

from kombu import Exchange, Queue
from nameko.containers import ServiceContainer
from nameko.extensions import DependencyProvider
from nameko.messaging import Publisher, consume
from nameko.testing.services import dummy, entrypoint_hook

EXCHANGE = Exchange("jarbiter_interop_msg", type="topic", durable=True)
TO_JAVA = Queue("jarbiter_interop_to_java", exchange=EXCHANGE, routing_key="to.java", max_priority=10)
TO_PYTHON = Queue("jarbiter_interop_to_python", exchange=EXCHANGE, routing_key="to.python")

RECEIVED = []
DONE = eventlet.event.Event()
WANTED = [0]


class WorkerCtx(DependencyProvider):
    """Injects nameko's worker_ctx, to read the context the message brought."""

    def get_dependency(self, worker_ctx):
        return worker_ctx


class PublishingService(object):
    name = "nameko_msg_publisher"

    publish = Publisher(exchange=EXCHANGE, declare=[TO_JAVA])
    worker_ctx = WorkerCtx()

    @dummy
    def send(self, bodies, routing_key):
        for body in bodies:
            self.publish(body, routing_key=routing_key)
        return self.worker_ctx.call_id


class ConsumingService(object):
    name = "nameko_msg_consumer"

    worker_ctx = WorkerCtx()

    @consume(TO_PYTHON)
    def receive(self, body):
        RECEIVED.append({"body": body, "context_data": {k: v for k, v in self.worker_ctx.data.items() if k != "call_id_stack"},
                         "call_id_stack": list(self.worker_ctx.call_id_stack)})
        if len(RECEIVED) >= WANTED[0] and not DONE.ready():
            DONE.send(True)


def publish(request, config):
    container = ServiceContainer(PublishingService, config)
    container.start()
    try:
        with entrypoint_hook(container, "send", context_data=request.get("context") or {}) as send:
            call_id = send(request["bodies"], request["routing_key"])
    finally:
        container.stop()
    return {"published": len(request["bodies"]), "call_ids": [call_id]}


def consume_some(request, config):
    WANTED[0] = request["count"]
    container = ServiceContainer(ConsumingService, config)
    container.start()
    try:
        with eventlet.Timeout(request.get("timeout", 30), False):
            DONE.wait()
    finally:
        container.stop()
    return {"received": RECEIVED}


def main():
    request = json.load(sys.stdin)
    config = {"AMQP_URI": request["uri"]}
    result = publish(request, config) if request["mode"] == "publish" else consume_some(request, config)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
