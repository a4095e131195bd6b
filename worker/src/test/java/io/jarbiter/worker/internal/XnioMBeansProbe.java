package io.jarbiter.worker.internal;

import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/** Run in a fresh JVM by {@link XnioMBeansTest}: boots XNIO as a worker does, then reports the MBeans it finds. */
public final class XnioMBeansProbe {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("skip")) XnioMBeans.skip();
        XnioWorker worker = Xnio.getInstance(XnioMBeansProbe.class.getClassLoader()).createWorker(OptionMap.EMPTY);
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer(); // created now, on demand, if XNIO did not
            System.out.println("xnio=" + server.queryNames(new ObjectName("org.xnio:*"), null).size()
                    + " pool=" + server.queryNames(new ObjectName("jboss.threads:*"), null).size()
                    + " runtime=" + server.isRegistered(new ObjectName(ManagementFactory.RUNTIME_MXBEAN_NAME))
                    + " builder=" + System.getProperty("javax.management.builder.initial"));
        } finally {
            worker.shutdownNow();
        }
    }
}
