package io.jarbiter.tests.app;

import io.jarbiter.hooks.RequestInfo;
import io.jarbiter.hooks.ResponseInfo;
import io.jarbiter.hooks.WorkerHooks;
import io.jarbiter.hooks.WorkerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every request's pre and post hook; {@code preRequest} throws for a query containing {@code throw}. */
public class RequestLoggingHooks implements WorkerHooks {
    private static final Logger LOG = LoggerFactory.getLogger("test.hooks");

    @Override
    public void preRequest(WorkerInfo worker, RequestInfo request) {
        LOG.info("hook preRequest: worker {} {} {}?{}", worker.pid(), request.method(), request.path(), request.query());
        if (request.query().contains("throw")) throw new IllegalStateException("preRequest fails as asked");
    }

    @Override
    public void postRequest(WorkerInfo worker, RequestInfo request, ResponseInfo response) {
        LOG.info("hook postRequest: worker {} {} {}?{} status {} in {} us", worker.pid(), request.method(), request.path(),
                request.query(), response.status(), response.duration().toNanos() / 1000);
    }
}
