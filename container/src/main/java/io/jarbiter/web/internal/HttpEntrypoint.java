package io.jarbiter.web.internal;

import io.jarbiter.container.ContainerBeingKilled;
import io.jarbiter.container.Entrypoint;
import io.jarbiter.container.EntrypointFactory;
import io.jarbiter.container.ResultHandler;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.container.WorkerContext;
import io.jarbiter.web.Http;
import io.jarbiter.web.Route;
import io.jarbiter.web.WebServer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code @Http}: registers a route with the shared {@link WebServer}; per request it receives the body
 * without blocking the IO thread, binds the arguments, and spawns a worker; the response is written
 * by the call's result handler on the worker's thread, so it is sent before {@code workerResult} and
 * teardown, as nameko does.
 */
public final class HttpEntrypoint extends Entrypoint {
    private static final byte[] NO_BODY = new byte[0];
    private final Route route;
    private final ParameterBinder binder;
    // read from the annotation once: each call to an annotation method goes through a proxy (and copies arrays)
    private final boolean nonBlocking;
    private final Set<Class<? extends Throwable>> expectedExceptions;
    private final List<String> sensitiveArguments;
    private final long maxBodySize; // -1: the listener's limit_request_body
    private final String bodyLimitName;

    HttpEntrypoint(Http http, Method method, ServiceContainer container) throws ServiceDefinitionException {
        super(method, container);
        this.nonBlocking = http.nonBlocking();
        this.expectedExceptions = Set.copyOf(Arrays.asList(http.expectedExceptions()));
        this.sensitiveArguments = List.of(http.sensitiveArguments());
        this.maxBodySize = http.maxBodySize();
        this.bodyLimitName = maxBodySize < 0 ? "limit_request_body" : "@Http maxBodySize of " + ServiceDefinitionException.member(method);
        try {
            this.route = Route.compile(http.path(), http.method(), this::handle);
        } catch (IllegalArgumentException e) {
            throw new ServiceDefinitionException(ServiceDefinitionException.member(method) + ": @Http " + e.getMessage());
        }
        this.binder = new ParameterBinder(method, route.variables(),
                http.ignoreUnknownFields() || method.getDeclaringClass().isAnnotationPresent(io.jarbiter.web.IgnoreUnknownFields.class));
    }

    /** Builds {@link HttpEntrypoint}s for {@link Http}. */
    public static final class Factory implements EntrypointFactory<Http> {
        @Override
        public Entrypoint create(Http annotation, Method method, ServiceContainer container) throws ServiceDefinitionException {
            return new HttpEntrypoint(annotation, method, container);
        }
    }

    @Override
    public void setup() {
        container().sharedExtension(WebServer.class, WebServer::new).register(route);
    }

    @Override
    public Set<Class<? extends Throwable>> expectedExceptions() {
        return expectedExceptions;
    }

    @Override
    public List<String> sensitiveArguments() {
        return sensitiveArguments;
    }

    private void handle(HttpServerExchange exchange, Map<String, String> vars) {
        if (exchange.isRequestComplete()) {
            // no body (a GET, or Content-Length: 0): nothing to receive. A nonBlocking call answers right
            // here, as a plain undertow handler does; otherwise dispatch, so that undertow does not end the
            // exchange when this returns: a worker thread answers.
            if (nonBlocking) spawn(exchange, vars, NO_BODY);
            else exchange.dispatch(SameThreadExecutor.INSTANCE, () -> spawn(exchange, vars, NO_BODY));
            return;
        }
        // The receiver keeps the exchange alive until the body is in; the callback then dispatches, as above.
        RequestBody.receive(exchange, maxBodySize, bodyLimitName, (ex, body) -> ex.dispatch(SameThreadExecutor.INSTANCE, () -> spawn(ex, vars, body)));
    }

    private void spawn(HttpServerExchange exchange, Map<String, String> vars, byte[] body) {
        Object[] args;
        try {
            args = binder.bind(exchange, vars, body);
        } catch (BadRequest e) {
            Responses.error(exchange, 400, "BadRequest", e.getMessage());
            return;
        }
        try {
            ResultHandler respond = (worker, result, error) -> respond(exchange, worker, result, error);
            (nonBlocking ? container().runWorkerHere(this, args, Map.of(), List.of(), respond)
                    : container().spawnWorker(this, args, Map.of(), List.of(), respond)).exceptionally(error -> {
                if (error instanceof ContainerBeingKilled && !exchange.isResponseStarted()) {
                    Responses.error(exchange, 503, "ServiceUnavailable", "the worker is shutting down; retry");
                }
                return null;
            });
        } catch (ContainerBeingKilled e) {
            Responses.error(exchange, 503, "ServiceUnavailable", "the worker is shutting down; retry");
        }
    }

    /** The call's result handler: the response is sent before {@code workerResult} and teardown. */
    private Object respond(HttpServerExchange exchange, WorkerContext worker, Object result, Throwable error) {
        if (error == null) Responses.send(exchange, result);
        else Responses.failure(exchange, error, expectedExceptions(), worker);
        return result;
    }
}
