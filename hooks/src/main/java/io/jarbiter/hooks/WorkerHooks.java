package io.jarbiter.hooks;

import javax.net.ssl.SSLContext;
import java.util.function.Supplier;

/**
 * Hooks called inside each worker JVM. {@code postFork} and {@code postWorkerInit} run on the worker's
 * main thread during boot (throwing there is a boot error, exit 3); the others run on the worker's
 * signal thread or shutdown path, where a throwing hook is logged and ignored. {@code preRequest} and
 * {@code postRequest} run around every HTTP request on the connection's IO thread: keep them short (a blocking
 * call there stalls the other connections of that thread); a throwing one is logged and the request goes on.
 */
public interface WorkerHooks {

    /** First thing in a new worker JVM, before the application classes are loaded. */
    default void postFork(WorkerInfo worker) throws Exception {}

    /** The service containers have started and the worker is about to serve. */
    default void postWorkerInit(WorkerInfo worker) throws Exception {}

    /**
     * The TLS context of the HTTP listeners (gunicorn's {@code ssl_context} hook), asked once at boot when
     * {@code certfile} is set, before the worker serves. {@code defaultFactory.get()} builds the context from
     * {@code certfile}, {@code keyfile} and {@code ca_certs}; return it, a context of your own (a keystore, an
     * HSM, several certificates) or one built on it. With several hook classes each gets the previous one's as
     * its default. {@code cert_reqs}, {@code ciphers} and {@code tls_min_version} still apply to every
     * connection. Throwing is a boot error (exit 3).
     */
    default SSLContext sslContext(WorkerInfo worker, Supplier<SSLContext> defaultFactory) throws Exception {
        return defaultFactory.get();
    }

    /**
     * Before an HTTP request is handed to its {@code @Http} entrypoint (gunicorn's {@code pre_request}); not called
     * for requests refused by the request limits. Throwing is logged and the request is served anyway.
     */
    default void preRequest(WorkerInfo worker, RequestInfo request) throws Exception {}

    /**
     * After the response to an HTTP request is complete (gunicorn's {@code post_request}), with its status and
     * duration. Throwing is logged.
     */
    default void postRequest(WorkerInfo worker, RequestInfo request, ResponseInfo response) throws Exception {}

    /** The worker received SIGINT or SIGQUIT (fast stop), before it exits. */
    default void workerInt(WorkerInfo worker) throws Exception {}

    /** The worker received SIGABRT (heartbeat timeout), after its thread dump, before it exits. */
    default void workerAbort(WorkerInfo worker) throws Exception {}

    /** The worker is about to exit, after its containers have stopped. */
    default void workerExit(WorkerInfo worker) throws Exception {}
}
