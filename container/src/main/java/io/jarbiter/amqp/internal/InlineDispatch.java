package io.jarbiter.amqp.internal;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The consumer executor of a container's connection: amqp-client's dispatch of a delivery runs on the
 * thread that hands it over, the connection's reader thread, instead of being queued to a consumer thread
 * that would then queue the call again, to a {@code max_workers} slot. Each delivery thus takes one
 * thread hand-off to reach its worker, as with a bare amqp-client consumer.
 *
 * <p>What runs here must never wait for the broker, or the reader thread that would read the answer waits
 * on itself: the container's consumers only decode, spawn the call and write acks, rejects and immediate
 * error replies (frames, no round trip). amqp-client still serialises each channel's dispatch (its work
 * pool), so a channel's deliveries keep their order. Reply listeners, whose futures callers chain their
 * own code to, never use this executor. Nothing to shut down: the executor owns no thread.
 */
final class InlineDispatch extends AbstractExecutorService {
    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
