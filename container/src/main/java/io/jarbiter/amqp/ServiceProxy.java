package io.jarbiter.amqp;

import io.jarbiter.process.Json;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls one remote service's methods: {@code proxy.call("hello", "Ann")}, {@code proxy.callKwargs("add",
 * Map.of("a", 1, "b", 2))}, {@code proxy.callAsync(...)}. The call carries the caller's context data and
 * call-id stack. Throws {@link RemoteError} (or its typed subclasses), {@link UnknownService} and
 * {@link RpcTimeout}. Thread-safe. Not final, so that the testing kit's {@code workerFactory} can stand a
 * recording mock in for it.
 */
public class ServiceProxy {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private final RpcCaller client;
    private final String service;
    private final Map<String, Object> contextData;
    private final List<String> callIdStack;
    private final Duration timeout;
    private volatile Map<String, Object> headers; // the request headers, built on the first call

    public ServiceProxy(RpcCaller client, String service, Map<String, Object> contextData, List<String> callIdStack, Duration timeout) {
        this.client = client;
        this.service = service;
        this.contextData = Map.copyOf(contextData);
        this.callIdStack = List.copyOf(callIdStack);
        this.timeout = timeout;
    }

    /** The same proxy with another per-call timeout. */
    public ServiceProxy withTimeout(Duration t) {
        return new ServiceProxy(client, service, contextData, callIdStack, t);
    }

    public Object call(String method, Object... args) {
        return call(method, Arrays.asList(args), Map.of());
    }

    public Object callKwargs(String method, Map<String, ?> kwargs) {
        return call(method, List.of(), kwargs);
    }

    public Object call(String method, List<?> args, Map<String, ?> kwargs) {
        try {
            // the future fails with RpcTimeout after the timeout; the margin only bounds this wait
            return callAsync(method, args, kwargs).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new RemoteError("Error", "jarbiter.Error", List.of(), String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            throw new RpcTimeout("no reply to " + service + "." + method + " within " + timeout.toMillis() / 1000.0 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcTimeout("interrupted while waiting for " + service + "." + method);
        }
    }

    /** The result converted to {@code type} (records, POJOs, collections) as JSON would. */
    public <T> T call(Class<T> type, String method, Object... args) {
        return Json.MAPPER.convertValue(call(method, args), type);
    }

    /**
     * nameko's {@code call_async}: sends the request and returns at once; any number of calls may be in
     * flight. The future completes on the AMQP client's thread: chain nothing on it that blocks (such as
     * another blocking call); {@code get} it, or chain with an executor of your own.
     */
    public CompletableFuture<Object> callAsync(String method, Object... args) {
        return callAsync(method, Arrays.asList(args), Map.of());
    }

    public CompletableFuture<Object> callAsync(String method, List<?> args, Map<String, ?> kwargs) {
        return client.call(service, method, args, kwargs, headers(), timeout)
                .exceptionally(e -> {
                    throw e instanceof CompletionException c ? c : new CompletionException(e);
                });
    }

    /** Built once per proxy: racing first calls may both build it, to the same value. */
    private Map<String, Object> headers() {
        Map<String, Object> h = headers;
        if (h == null) headers = h = Collections.unmodifiableMap(client.headers(contextData, callIdStack));
        return h;
    }

    public String service() {
        return service;
    }
}
