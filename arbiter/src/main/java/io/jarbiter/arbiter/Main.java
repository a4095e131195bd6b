package io.jarbiter.arbiter;

import io.jarbiter.arbiter.internal.Arbiter;
import io.jarbiter.arbiter.internal.ArchiveBuilder;
import io.jarbiter.arbiter.internal.ArbiterContext;
import io.jarbiter.arbiter.internal.CodeSnapshots;
import io.jarbiter.arbiter.internal.Clock;
import io.jarbiter.arbiter.internal.ConfigCheck;
import io.jarbiter.arbiter.internal.ControlCommand;
import io.jarbiter.arbiter.internal.ControlServer;
import io.jarbiter.arbiter.internal.MetricsServer;
import io.jarbiter.arbiter.internal.StatusRequests;
import io.jarbiter.arbiter.internal.StatsdMaster;
import io.jarbiter.arbiter.internal.WorkerUser;
import io.jarbiter.arbiter.internal.HaltException;
import io.jarbiter.arbiter.internal.InheritedListeners;
import io.jarbiter.arbiter.internal.MasterExec;
import io.jarbiter.arbiter.internal.Reexec;
import io.jarbiter.arbiter.internal.SdNotify;
import io.jarbiter.arbiter.internal.ServiceTemplate;
import io.jarbiter.arbiter.internal.MasterHooks;
import io.jarbiter.arbiter.internal.PosixSpawner;
import io.jarbiter.arbiter.internal.SignalSource;
import io.jarbiter.conf.Cli;
import io.jarbiter.conf.Config;
import io.jarbiter.conf.ConfigException;
import io.jarbiter.logging.LogSetup;
import io.jarbiter.posix.Posix;
import io.jarbiter.posix.ProcessName;
import io.jarbiter.posix.SignalWaiter;
import io.jarbiter.posix.Signals;
import io.jarbiter.process.WorkerContract;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/jarbiter}: {@code jarbiter [options] APP_YAML} runs the master; {@code jarbiter rpc|status|ctl ...}
 * run a command ({@link Cli#commands()}). Configuration errors print one line each and exit 2 (usage)
 * or 1; help and version go to stdout and exit 0.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args)));
    }

    static int run(List<String> argv) {
        if (!argv.isEmpty() && Cli.isCommand(argv.get(0))) {
            return runCommand(argv.get(0), argv.subList(1, argv.size()), System.out, System.err, System.getenv());
        }
        Config config;
        try {
            config = Config.load(argv, System.getenv());
        } catch (ConfigException e) {
            return reportConfigException(e);
        }
        if (config.printConfig()) {
            System.out.print(config.toYaml());
            return WorkerContract.EXIT_OK;
        }
        if (config.checkConfig()) {
            return ConfigCheck.run(config, spawner(ProcessHandle.current().pid(), new CodeSnapshots()).commandLine()::checkApp, System.out, System.err);
        }
        if (config.buildArchive()) {
            LogSetup.configure(ProcessHandle.current().pid(), config.errorlog(), config.loglevel(), null);
            return new ArchiveBuilder(config, spawner(ProcessHandle.current().pid(), new CodeSnapshots()), System.out, System.err).run();
        }
        if (!MasterExec.signalsReady()) {
            Exception e = MasterExec.reexec(ProcessName.marker(ProcessName.MASTER, config));
            System.err.println("jarbiter: cannot re-execute the master with signals blocked: " + e.getMessage());
            return WorkerContract.EXIT_ERROR;
        }
        return runMaster(config, argv);
    }

    /**
     * One of the master-side {@link Cli#commands()}; each answers {@code --help} on {@code out} and a usage error on
     * {@code err}, exit 2. The worker-side ones ({@code rpc}, {@code shell}) need the service library, which the master
     * never loads: {@code bin/jarbiter} starts {@link Cli#WORKER_SIDE_MAIN} for them.
     */
    static int runCommand(String name, List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        return switch (name) {
            case "new" -> ServiceTemplate.run(args, java.nio.file.Path.of("").toAbsolutePath(), out, err);
            case "status", "ctl" -> ControlCommand.run(name, args, out, err, env);
            default -> {
                err.println("Error: 'jarbiter " + name + "' runs in " + Cli.WORKER_SIDE_MAIN + ", not in the master's main class; "
                        + "start it as 'bin/jarbiter " + name + "'");
                yield 2;
            }
        };
    }

    private static int runMaster(Config config, List<String> argv) {
        long pid = ProcessHandle.current().pid();
        LogSetup.configure(pid, config, false);
        ProcessName.setComm(ProcessName.MASTER);
        Posix.get().umask(config.umask());
        ArbiterContext.Binder binder;
        try {
            WorkerUser.resolve(config).ifPresent(user -> WorkerUser.chownLogs(config, user));
            binder = ArbiterContext.Binder.posix(InheritedListeners.fromEnvironment(System.getenv(), pid));
        } catch (HaltException e) {
            org.slf4j.LoggerFactory.getLogger("jarbiter.arbiter").error("{}", e.getMessage());
            return e.exitCode();
        }
        SignalSource signals = new SignalSource();
        SignalWaiter waiter = SignalWaiter.start(Signals.MASTER_SET, signals::add, "signals");
        CodeSnapshots snapshots = new CodeSnapshots();
        ArbiterContext ctx = new ArbiterContext(signals, spawner(pid, snapshots), Clock.SYSTEM, binder, c -> MasterHooks.load(c, snapshots), Main::openControl,
                new Reexec(argv, System.getenv())::spawn, SdNotify.fromEnvironment(System.getenv(), pid), pid, Cli.version());
        int code = new Arbiter(ctx, config).run();
        waiter.close();
        return code;
    }

    /** The control socket and, when {@code metrics_bind} is set, the metrics listener. */
    private static AutoCloseable openControl(Config config, SignalSource signals, StatusRequests status) {
        ControlServer control = config.controlSocket().map(p -> ControlServer.start(p, config.user().orElse(null), signals, status)).orElse(null);
        MetricsServer metrics = config.metricsBind().map(b -> MetricsServer.start(b, status)).orElse(null);
        AutoCloseable statsd = StatsdMaster.open(config, status);
        return () -> {
            if (statsd != null) statsd.close();
            if (metrics != null) metrics.close();
            if (control != null) control.close();
        };
    }

    /** Workers run this JVM's own java binary, with jarbiter's jars first on their class path. */
    private static PosixSpawner spawner(long masterPid, CodeSnapshots code) {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        return new PosixSpawner(java, System.getProperty("java.class.path"), MasterExec.workerBaseEnvironment(System.getenv()), masterPid, code);
    }

    private static int reportConfigException(ConfigException e) {
        switch (e.kind()) {
            case HELP, VERSION -> System.out.println(e.getMessage());
            default -> e.problems().forEach(p -> System.err.println("Error: " + p));
        }
        return e.exitCode();
    }
}
