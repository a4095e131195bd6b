"""Calls services through Python nameko's own standalone ClusterRpcProxy, for NamekoInteropIT.

Reads one JSON object on stdin:
    {"uri": "pyamqp://...", "timeout": 30, "context": {"language": "fr"},
     "calls": [{"service": "s", "method": "m", "args": [], "kwargs": {}}, ...]}
and makes every call at once (call_async on one proxy), then prints one JSON list on stdout, one entry
per call in order: {"result": ...}, {"error": exc_type, "value": ...} (a RemoteError, or
nameko's own MethodNotFound, IncorrectSignature, ...),
{"unknown_service": message} or {"timeout": message}. Needs nameko on PYTHONPATH.
"""
import json
import sys

from nameko.exceptions import RemoteError, RpcTimeout, UnknownService
from nameko.standalone.rpc import ClusterRpcProxy


def outcome(reply):
    try:
        return {"result": reply.result()}
    except RemoteError as exc:
        return {"error": exc.exc_type, "value": exc.value}
    except UnknownService as exc:
        return {"unknown_service": str(exc)}
    except RpcTimeout as exc:
        return {"timeout": str(exc)}
    except Exception as exc:  # nameko deserialises MethodNotFound, IncorrectSignature, ... to their own classes
        return {"error": type(exc).__name__, "value": str(exc)}


def main():
    request = json.load(sys.stdin)
    config = {"AMQP_URI": request["uri"]}
    with ClusterRpcProxy(config, context_data=request.get("context"), timeout=request.get("timeout", 30)) as proxy:
        replies = []
        for call in request["calls"]:
            method = getattr(proxy[call["service"]], call["method"])
            try:
                replies.append(method.call_async(*call.get("args", []), **call.get("kwargs", {})))
            except UnknownService as exc:
                replies.append(exc)
        results = [{"unknown_service": str(r)} if isinstance(r, UnknownService) else outcome(r) for r in replies]
    json.dump(results, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
