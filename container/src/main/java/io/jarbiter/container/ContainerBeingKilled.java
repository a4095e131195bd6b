package io.jarbiter.container;

/** Work offered to a container that is being killed: refuse it (HTTP 503) or requeue it (AMQP). */
public final class ContainerBeingKilled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ContainerBeingKilled(String service) {
        super("service container " + service + " is being killed");
    }
}
