package io.jarbiter.web.internal;

/** Client input that does not fit the method: answered 400 with its message, which names the input at fault. */
final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
        super(message, null, false, false); // the client's mistake: no stack trace to fill in
    }
}
