package io.jarbiter.worker.internal;

import io.jarbiter.hooks.RequestInfo;
import io.jarbiter.hooks.ResponseInfo;
import io.jarbiter.hooks.WorkerHooks;
import io.jarbiter.hooks.WorkerInfo;
import io.jarbiter.hooks.internal.HookSet;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Calls the hooks' {@code preRequest} before each HTTP request goes on to the entrypoint and {@code postRequest}
 * once its response is complete (gunicorn's {@code pre_request} / {@code post_request}). A throwing hook is
 * logged by {@link HookSet} and the request goes on. Only in the chain when some hook class overrides one of
 * them, so a server without such hooks pays nothing per request.
 */
final class RequestHooks implements HttpHandler {
    private final HttpHandler next;
    private final HookSet<WorkerHooks> hooks;
    private final WorkerInfo worker;
    private final boolean pre;
    private final boolean post;

    private RequestHooks(HttpHandler next, HookSet<WorkerHooks> hooks, WorkerInfo worker, boolean pre, boolean post) {
        this.next = next;
        this.hooks = hooks;
        this.worker = worker;
        this.pre = pre;
        this.post = post;
    }

    /** {@code next} with the request hooks around it, or {@code next} itself when no hook class overrides them. */
    static HttpHandler wrap(HttpHandler next, HookSet<WorkerHooks> hooks, WorkerInfo worker) {
        boolean pre = overridden(hooks, "preRequest", WorkerInfo.class, RequestInfo.class);
        boolean post = overridden(hooks, "postRequest", WorkerInfo.class, RequestInfo.class, ResponseInfo.class);
        return pre || post ? new RequestHooks(next, hooks, worker, pre, post) : next;
    }

    /** Whether any hook class declares its own {@code method} instead of the interface's no-op default. */
    static boolean overridden(HookSet<WorkerHooks> hooks, String method, Class<?>... parameters) {
        for (WorkerHooks hook : hooks.hooks()) {
            try {
                Method m = hook.getClass().getMethod(method, parameters);
                if (m.getDeclaringClass() != WorkerHooks.class) return true;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("WorkerHooks has no " + method, e);
            }
        }
        return false;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long start = System.nanoTime();
        RequestInfo request = new RequestInfo(exchange.getRequestMethod().toString(), exchange.getRequestPath(),
                exchange.getQueryString(), remoteAddress(exchange));
        if (post) {
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                try {
                    ResponseInfo response = new ResponseInfo(ex.getStatusCode(), Duration.ofNanos(System.nanoTime() - start));
                    hooks.call("postRequest", h -> h.postRequest(worker, request, response));
                } finally {
                    nextListener.proceed();
                }
            });
        }
        if (pre) hooks.call("preRequest", h -> h.preRequest(worker, request));
        next.handleRequest(exchange);
    }

    private static String remoteAddress(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        return source == null ? "" : source.getHostString();
    }
}
