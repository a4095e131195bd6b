package io.jarbiter.amqp;

/** No reply arrived within the call's timeout (or the broker could not be reached in time). */
public final class RpcTimeout extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RpcTimeout(String message) {
        super(message);
    }
}
