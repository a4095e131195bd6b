package io.jarbiter.tests.app;

import io.jarbiter.hooks.WorkerHooks;
import io.jarbiter.hooks.WorkerInfo;
import io.jarbiter.tls.PemFiles;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * An {@code sslContext} hook that serves the certificate in HOOK_CERTFILE / HOOK_KEYFILE instead of the
 * settings' one, after checking that the default factory works (it is what a hook would wrap).
 */
public class TlsContextHooks implements WorkerHooks {
    @Override
    public SSLContext sslContext(WorkerInfo worker, Supplier<SSLContext> defaultFactory) throws Exception {
        if (defaultFactory.get() == null) throw new IllegalStateException("the default factory gave no context");
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(PemFiles.keyManagers(Path.of(System.getenv("HOOK_CERTFILE")), Path.of(System.getenv("HOOK_KEYFILE"))), null, null);
        return context;
    }
}
