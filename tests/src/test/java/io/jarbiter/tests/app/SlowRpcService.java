package io.jarbiter.tests.app;

import io.jarbiter.amqp.Rpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An RPC service whose calls take a while, so that workers can be killed or stopped mid-call. */
public class SlowRpcService {
    public static final String NAME = "jarbiter_it_slow";
    private static final Logger LOG = LoggerFactory.getLogger(SlowRpcService.class);

    @Rpc
    public long slow(long n, long millis) throws InterruptedException {
        LOG.info("slow call {} started", n);
        Thread.sleep(millis);
        return n;
    }
}
