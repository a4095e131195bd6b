package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;

import java.io.IOException;

/** The worker JVM does not start with this configuration (WorkerJvmCheck): no worker can ever boot. */
final class WorkerJvmRejected extends IOException {
    private WorkerJvmRejected(String message) {
        super(message);
    }

    static WorkerJvmRejected of(Config config, String java, String jvmSaid) {
        String said = jvmSaid.isEmpty() ? "it exited without a word" : jvmSaid;
        if (config.jvmArgs().isEmpty()) {
            return new WorkerJvmRejected("the worker JVM " + java + " does not start: " + said
                    + "; check JAVA_TOOL_OPTIONS and the 'env' setting, or the JDK itself");
        }
        return new WorkerJvmRejected(config.appYaml() + ": 'jvm_args' " + config.jvmArgs() + ": the worker JVM does not start with these options: "
                + said + "; fix or remove the option (in app.yaml, --jvm-arg or JARBITER_CMD_ARGS)");
    }
}
