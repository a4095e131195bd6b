package io.jarbiter.amqp;

/** No queue is bound for the service: the request was returned unroutable (nameko's UnknownService). */
public final class UnknownService extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownService(String service) {
        super("Unknown service `" + service + "`");
    }
}
