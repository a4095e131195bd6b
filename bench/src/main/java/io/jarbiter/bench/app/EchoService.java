package io.jarbiter.bench.app;

import io.jarbiter.amqp.EventHandler;
import io.jarbiter.amqp.Rpc;
import io.jarbiter.container.Service;

/**
 * The bench's RPC and event service ({@code bench/rpc.yaml}): the same work as the nameko peer's
 * {@code echo} and the bench's bare amqp-client consumer, through the whole container.
 */
@Service("bench_echo")
public class EchoService {
    @Rpc
    public Object echo(Object v) {
        return v;
    }

    @EventHandler(source = "bench_source", eventType = "to_jarbiter")
    public void onTick(Object payload) {
        // the bench measures dispatch → handled; the handler itself does nothing
    }
}
