package io.jarbiter.worker.internal;

/**
 * Keeps XNIO (and the jboss-threads pool under it) from creating the platform MBean server during a worker's
 * boot. They register MBeans for XNIO's provider and worker and for the task pool (thread and connection
 * counts) on that server, and creating it (every platform MXBean introspected and registered) is the largest
 * single cost of a boot that no class-data archive removes.
 *
 * <p>jboss-threads has a switch ({@code jboss.threads.eqe.disable-mbean}, set here unless {@code jvm_args}
 * set it). XNIO has none, but treats a failed registration as no MBean (it catches it). So {@link #skip} makes
 * XNIO's MBean holder fail once, on the main thread before the boot thread or any application code starts, by
 * naming a server builder that does not exist while the holder initialises; that property is put back at once.
 * The platform MBean server is then still created, normally, by whoever asks for it later (the application,
 * {@code jcmd <pid> ManagementAgent.start}); workers only lack XNIO's and the pool's own MBeans.
 */
final class XnioMBeans {
    private static final String BUILDER = "javax.management.builder.initial";
    private static final String HOLDER = "org.xnio.Xnio$MBeanHolder";
    private static final String POOL_MBEAN = "jboss.threads.eqe.disable-mbean";

    private XnioMBeans() {}

    /** Single-threaded: call before any other thread could read {@code javax.management.builder.initial}. */
    static void skip() {
        if (System.getProperty(POOL_MBEAN) == null) System.setProperty(POOL_MBEAN, "true");
        String before = System.getProperty(BUILDER);
        System.setProperty(BUILDER, XnioMBeans.class.getName() + "$NoSuchBuilder");
        try {
            Class.forName(HOLDER, true, XnioMBeans.class.getClassLoader());
        } catch (Throwable expected) {
            // ExceptionInInitializerError: the holder is unusable from now on, as intended. ClassNotFoundException
            // (another XNIO version): XNIO creates the platform server as before.
        } finally {
            if (before == null) System.clearProperty(BUILDER);
            else System.setProperty(BUILDER, before);
        }
    }
}
