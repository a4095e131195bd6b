package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.posix.Signals;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The arbiter's decisions, driven step by step with fakes: no processes, no sockets, no sleeping. */
@Timeout(30)
class ArbiterTest {
    @TempDir
    Path dir;
    Path appYaml;
    FakeWorld world;
    Arbiter arbiter;

    @BeforeEach
    void setUp() throws Exception {
        appYaml = dir.resolve("app.yaml");
        writeApp(2, "127.0.0.1:0");
        world = new FakeWorld();
        arbiter = new Arbiter(world.context(), Config.load(List.of(appYaml.toString()), Map.of()));
    }

    void writeApp(int workers, String bind) throws Exception {
        Files.writeString(appYaml, "bind: " + bind + "\nworkers: " + workers + "\ntimeout: 10\ngraceful_timeout: 5\n"
                + "worker_boot_timeout: 20\nworker_tmp_dir: " + dir + "\nservices: [com.example.Svc]\n");
    }

    @Test
    void startBindsOnceAndSpawnsTheConfiguredWorkers() {
        arbiter.start();
        assertEquals(List.of("bind [127.0.0.1:0]", "spawn 100 gen 1", "spawn 101 gen 1"), world.events);
        assertEquals(2, world.processes.size());
    }

    @Test
    void reloadKeepsTheOldGenerationUntilTheNewOneHasBooted() throws Exception {
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        writeApp(3, "127.0.0.1:0");
        arbiter.step(Signals.HUP);
        assertEquals(3, world.generation(2).size(), "new generation spawned with the new worker count");
        assertEquals(2, world.generation(1).size());
        world.generation(1).forEach(p -> assertTrue(p.signals.isEmpty(), "old generation untouched while the new one boots"));
        world.generation(2).get(0).beat();
        arbiter.step(null);
        assertEquals(2, world.generation(1).size(), "one booted worker is not enough");
        world.generation(2).forEach(FakeWorld.FakeProcess::beat);
        arbiter.step(null);
        assertTrue(world.generation(1).isEmpty(), "old generation TERMed once every new worker booted");
        assertFalse(world.events.stream().anyMatch(e -> e.startsWith("bind") && !e.equals("bind [127.0.0.1:0]")));
        assertEquals(1, world.events.stream().filter(e -> e.startsWith("bind")).count(), "same bind: no rebind");
    }

    /** sd_notify: READY only once the first generation booted; RELOADING then READY around HUP; STOPPING. */
    @Test
    void tellsTheServiceManagerWhatItIsDoing() throws Exception {
        arbiter.start();
        arbiter.step(null);
        assertTrue(world.notified.isEmpty(), "nothing before the workers booted: " + world.notified);
        world.bootAll();
        arbiter.step(null);
        assertEquals(1, world.notified.size());
        assertTrue(world.notified.get(0).startsWith("READY=1\nSTATUS=Ready: serving with 2 worker(s)"), world.notified.toString());
        arbiter.step(Signals.HUP);
        assertTrue(world.notified.get(1).startsWith("RELOADING=1\nMONOTONIC_USEC="), world.notified.toString());
        assertEquals(2, world.notified.size(), "no READY before the new generation booted");
        world.generation(2).forEach(FakeWorld.FakeProcess::beat);
        arbiter.step(null);
        assertTrue(world.notified.get(2).startsWith("READY=1\nSTATUS=Reloaded: serving with 2 worker(s), generation 2"), world.notified.toString());
        Files.writeString(appYaml, "workers: many\n");
        arbiter.step(Signals.HUP);
        assertTrue(world.notified.get(3).startsWith("RELOADING=1"), world.notified.toString());
        assertTrue(world.notified.get(4).startsWith("READY=1\nSTATUS=Reload rejected"), world.notified.toString());
        assertThrows(HaltException.class, () -> arbiter.step(Signals.TERM));
        assertEquals("STOPPING=1\nSTATUS=Stopping", world.notified.get(5));
    }

    @Test
    void reloadWhoseWorkersCannotLoadTheAppRollsBack() throws Exception {
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        arbiter.step(Signals.HUP);
        world.generation(2).get(0).exit(4);
        arbiter.step(null);
        assertTrue(world.generation(2).isEmpty(), "the failed generation is stopped");
        assertEquals(2, world.generation(1).size(), "the old generation keeps serving");
        world.generation(1).forEach(p -> assertTrue(p.signals.isEmpty()));
        assertEquals(1, arbiter.generation());
        arbiter.step(null);
        assertTrue(world.generation(3).isEmpty() && world.generation(2).isEmpty(), "no respawn of the failed generation");
    }

    /** Boots generation 1, then sends HUP twice: generation 2 is replaced by 3 before it booted. */
    private void hupTwiceWhileTheNewGenerationBoots() {
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        arbiter.step(Signals.HUP);
        assertEquals(2, world.generation(2).size());
        arbiter.step(Signals.HUP);
        world.generation(2).forEach(p -> assertEquals(List.of(Signals.TERM), p.signals, "the pending generation is stopped"));
        world.generation(2).forEach(p -> p.exit(0));
        arbiter.step(null);
        assertEquals(2, world.generation(3).size());
    }

    @Test
    void aFailedReloadAfterASecondHupReturnsToTheGenerationThatServes() {
        hupTwiceWhileTheNewGenerationBoots();
        world.generation(3).get(0).exit(4);
        arbiter.step(null);
        arbiter.step(null);
        assertEquals(1, arbiter.generation(), "back to the generation that served, not the abandoned one");
        assertEquals(2, world.generation(1).size());
        world.generation(1).forEach(p -> assertTrue(p.signals.isEmpty(), "the serving generation is untouched"));
        assertTrue(world.generation(2).isEmpty() && world.generation(3).isEmpty(), "no respawn of an abandoned or failed generation");
    }

    @Test
    void aSecondHupRetiresTheServingGenerationOnceTheNewestHasBooted() {
        hupTwiceWhileTheNewGenerationBoots();
        world.generation(3).forEach(FakeWorld.FakeProcess::beat);
        arbiter.step(null);
        assertEquals(3, arbiter.generation());
        world.generation(1).forEach(p -> assertEquals(List.of(Signals.TERM), p.signals, "generation 1 retired"));
    }

    /** A generation's code snapshot is kept while it may spawn again: during a reload the old one too (rollback). */
    @Test
    void theCodeOfAGenerationIsKeptWhileItMaySpawnWorkersAgain() throws Exception {
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        Config first = world.generation(1).get(0).spec.config();
        assertSame(first, world.retainedCode.get(0));
        arbiter.step(Signals.HUP);
        Config second = world.generation(2).get(0).spec.config();
        assertEquals(2, world.retainedCode.size());
        assertTrue(world.retainedCode.get(0) == second && world.retainedCode.get(1) == first, "both, while the new one boots");
        world.generation(2).forEach(FakeWorld.FakeProcess::beat);
        arbiter.step(null);
        assertEquals(1, world.retainedCode.size());
        assertSame(second, world.retainedCode.get(0), "the old generation's code goes with its workers");
        arbiter.step(Signals.HUP);
        world.generation(3).get(0).exit(4);
        arbiter.step(null);
        assertEquals(1, world.retainedCode.size());
        assertSame(second, world.retainedCode.get(0), "a rolled back generation's code goes");
    }

    @Test
    void invalidAppYamlOnHupIsRejectedAndNothingChanges() throws Exception {
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        Files.writeString(appYaml, "workers: zero\n");
        arbiter.step(Signals.HUP);
        assertEquals(1, arbiter.generation());
        assertEquals(2, world.processes.size());
    }

    @Test
    void changedBindRebindsAndClosesTheOldListenersAfterTheSwitch() throws Exception {
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        writeApp(2, "127.0.0.1:1");
        arbiter.step(Signals.HUP);
        assertTrue(world.events.contains("bind [127.0.0.1:1]"));
        assertFalse(world.events.contains("close [127.0.0.1:0]"), "old listeners stay open until the old generation is retired");
        world.bootAll();
        arbiter.step(null);
        assertTrue(world.events.contains("close [127.0.0.1:0]"));
        assertEquals(201 - 200, world.generation(2).get(0).spec.listenerFds().length);
    }

    @Test
    void appLoadErrorOnFirstBootHaltsWithTheSameCode() {
        arbiter.start();
        world.generation(1).get(0).exit(4);
        HaltException halt = assertThrows(HaltException.class, () -> arbiter.step(Signals.CHLD));
        assertEquals(4, halt.exitCode());
    }

    @Test
    void workerBootErrorOnFirstBootHaltsWithThree() {
        arbiter.start();
        world.generation(1).get(1).exit(3);
        assertEquals(3, assertThrows(HaltException.class, () -> arbiter.step(Signals.CHLD)).exitCode());
    }

    @Test
    void crashedWorkerIsReplacedAfterAShortBackoff() {
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        world.generation(1).get(0).killedBy(Signals.KILL);
        arbiter.step(Signals.CHLD);
        assertEquals(1, world.processes.size(), "not respawned in the same instant");
        world.advanceSeconds(0.6);
        arbiter.step(null);
        assertEquals(2, world.processes.size());
    }

    @Test
    void ttinAddsAndTtouRetiresTheOldestButNeverTheLast() {
        arbiter.start();
        world.bootAll();
        arbiter.step(Signals.TTIN);
        assertEquals(3, world.processes.size());
        arbiter.step(Signals.TTOU);
        assertEquals(List.of(101, 102), List.copyOf(world.processes.keySet()), "the oldest (pid 100) retired");
        arbiter.step(Signals.TTOU);
        arbiter.step(Signals.TTOU);
        assertEquals(1, world.processes.size());
        assertEquals(1, arbiter.numWorkers());
    }

    @Test
    void staleHeartbeatGetsAbortThenKill() {
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        FakeWorld.FakeProcess hung = world.generation(1).get(0);
        world.generation(1).get(1).beat();
        world.advanceSeconds(9);
        world.generation(1).get(1).beat();
        arbiter.step(null);
        assertTrue(hung.signals.isEmpty(), "9 s without a beat is within timeout 10");
        world.advanceSeconds(1.5);
        world.generation(1).get(1).beat();
        arbiter.step(null);
        assertEquals(List.of(Signals.ABRT), hung.signals);
        world.advanceSeconds(1.1);
        arbiter.step(null);
        assertEquals(List.of(Signals.ABRT, Signals.KILL), hung.signals);
        assertFalse(world.processes.containsKey(hung.pid));
        assertEquals(2, world.generation(1).size(), "a replacement is spawned as soon as the murder starts");
    }

    @Test
    void workerThatNeverBootsIsAbortedAfterBootTimeout() {
        arbiter.start();
        world.generation(1).get(0).beat();
        world.advanceSeconds(19);
        arbiter.step(null);
        FakeWorld.FakeProcess slow = world.generation(1).get(1);
        assertTrue(slow.signals.isEmpty());
        world.advanceSeconds(1.5);
        arbiter.step(null);
        assertEquals(List.of(Signals.ABRT), slow.signals);
    }

    @Test
    void termStopsGracefullyAndExitsZero() {
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        HaltException halt = assertThrows(HaltException.class, () -> arbiter.step(Signals.TERM));
        assertEquals(0, halt.exitCode());
        assertTrue(world.events.contains("term 100") && world.events.contains("term 101"));
        assertTrue(world.events.indexOf("close [127.0.0.1:0]") < world.events.indexOf("term 100"), "listeners closed first");
        assertTrue(world.processes.isEmpty());
    }

    @Test
    void termDuringAReloadThatChangedBindClosesTheOldListenersTooBeforeAnyWorkerIsStopped() throws Exception {
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        writeApp(2, "127.0.0.1:1");
        arbiter.step(Signals.HUP); // the new generation is still booting: the old listeners are still open
        assertThrows(HaltException.class, () -> arbiter.step(Signals.TERM));
        int firstTerm = world.events.indexOf("term 100");
        assertTrue(world.events.indexOf("close [127.0.0.1:0]") >= 0 && world.events.indexOf("close [127.0.0.1:0]") < firstTerm, world.events.toString());
        assertTrue(world.events.indexOf("close [127.0.0.1:1]") >= 0 && world.events.indexOf("close [127.0.0.1:1]") < firstTerm, world.events.toString());
    }

    @Test
    void secondInterruptDuringGracefulStopEscalatesToQuit() {
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        world.obeySignals = false;
        world.pendingSignals.add(Signals.INT);
        assertThrows(HaltException.class, () -> arbiter.step(Signals.TERM));
        assertTrue(world.events.contains("quit 100"), world.events.toString());
        assertTrue(world.events.indexOf("quit 100") < world.events.indexOf("kill 100"));
    }

    @Test
    void workerIgnoringTermIsKilledAfterGracefulTimeout() {
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        world.obeySignals = false;
        long before = world.now;
        assertThrows(HaltException.class, () -> arbiter.step(Signals.TERM));
        assertTrue(world.events.contains("kill 100") && world.events.contains("kill 101"));
        assertTrue(world.now - before >= 5_000_000_000L, "waited graceful_timeout before KILL");
    }

    @Test
    void winchStopsWorkersAndHupBringsThemBack() {
        arbiter.start();
        world.bootAll();
        arbiter.step(Signals.WINCH);
        assertTrue(world.processes.isEmpty());
        arbiter.step(Signals.HUP);
        assertEquals(2, world.processes.size());
    }

    // reload_strategy: rolling

    void writeRollingApp(int workers) throws Exception {
        writeApp(workers, "127.0.0.1:0");
        Files.writeString(appYaml, Files.readString(appYaml) + "reload_strategy: rolling\n");
    }

    /** The highest number of live worker processes while booting everything that runs, step by step. */
    int rollToTheEnd() {
        int peak = world.processes.size();
        for (int i = 0; i < 30; i++) {
            world.bootAll();
            arbiter.step(null);
            peak = Math.max(peak, world.processes.size());
        }
        return peak;
    }

    List<String> spawnsAndTermsSince(int from) {
        return world.events.subList(from, world.events.size()).stream().filter(e -> e.startsWith("spawn") || e.startsWith("term")).toList();
    }

    @Test
    void rollingReloadReplacesOneWorkerAtATimeAndNeverRunsMoreThanOneExtra() throws Exception {
        writeRollingApp(3);
        arbiter = new Arbiter(world.context(), Config.load(List.of(appYaml.toString()), Map.of()));
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        world.obeySignals = false;
        int from = world.events.size();
        arbiter.step(Signals.HUP);
        assertEquals(1, world.generation(2).size(), "one new worker at a time");
        world.generation(1).forEach(p -> assertTrue(p.signals.isEmpty(), "the old ones serve while it boots"));
        arbiter.step(null);
        assertEquals(List.of("spawn 103 gen 2"), spawnsAndTermsSince(from), "nothing more before it has booted");
        world.generation(2).get(0).beat();
        arbiter.step(null);
        assertEquals(List.of("spawn 103 gen 2", "term 100"), spawnsAndTermsSince(from), "the oldest old worker retired");
        arbiter.step(null);
        assertEquals(2, spawnsAndTermsSince(from).size(), "the next one waits until the retired one has exited: N+1 JVMs at most");
        world.processes.get(100).exit(0);
        world.obeySignals = true;
        int peak = Math.max(4, rollToTheEnd());
        assertEquals(4, peak, "never more than workers + 1 worker processes");
        assertEquals(List.of("spawn 103 gen 2", "term 100", "spawn 104 gen 2", "term 101", "spawn 105 gen 2", "term 102"), spawnsAndTermsSince(from));
        assertEquals(3, world.generation(2).size());
        assertTrue(world.generation(1).isEmpty());
        assertEquals(2, arbiter.generation());
        assertEquals(1, world.retainedCode.size(), "the old configuration's code goes once the roll is over");
        assertTrue(world.notified.get(world.notified.size() - 1).startsWith("READY=1\nSTATUS=Reloaded: serving with 3 worker(s), generation 2"), world.notified.toString());
    }

    @Test
    void failedBootDuringARollingReloadBringsTheOldGenerationBackToFullStrength() throws Exception {
        writeRollingApp(3);
        arbiter = new Arbiter(world.context(), Config.load(List.of(appYaml.toString()), Map.of()));
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        Config first = world.generation(1).get(0).spec.config();
        arbiter.step(Signals.HUP);
        world.bootAll();
        arbiter.step(null); // 103 booted: 100 retired
        arbiter.step(null); // 100 reaped: 104 spawned
        assertEquals(List.of(101, 102), world.generation(1).stream().map(p -> p.pid).toList());
        assertEquals(2, world.retainedCode.size(), "both configurations may spawn during the roll");
        world.processes.get(104).exit(4);
        arbiter.step(null);
        assertEquals(1, arbiter.generation(), "rolled back");
        assertEquals(List.of(103), world.generation(2).stream().map(p -> p.pid).toList(), "the booted new worker serves until replaced");
        assertEquals(List.of(first), world.retainedCode, "only the old configuration spawns now");
        int peak = rollToTheEnd();
        assertTrue(peak <= 4, "peak " + peak);
        assertEquals(3, world.generation(1).size(), "the old generation is back to full strength");
        assertTrue(world.generation(1).stream().allMatch(p -> p.spec.config() == first));
        assertTrue(world.generation(2).isEmpty() && world.generation(3).isEmpty());
        assertEquals(3, arbiter.numWorkers());
    }

    @Test
    void workerThatNeverBootsDuringARollingReloadRollsItBack() throws Exception {
        writeRollingApp(2);
        arbiter = new Arbiter(world.context(), Config.load(List.of(appYaml.toString()), Map.of()));
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        arbiter.step(Signals.HUP);
        world.advanceSeconds(21);
        world.generation(1).forEach(FakeWorld.FakeProcess::beat); // the old ones serve on
        arbiter.step(null);
        assertEquals(List.of(Signals.ABRT), world.generation(2).get(0).signals);
        world.advanceSeconds(1.1);
        world.generation(1).forEach(FakeWorld.FakeProcess::beat);
        arbiter.step(null);
        arbiter.step(null);
        assertEquals(1, arbiter.generation());
        assertTrue(world.generation(2).isEmpty());
        assertEquals(2, world.generation(1).size());
        world.generation(1).forEach(p -> assertTrue(p.signals.isEmpty(), "the old generation was never touched"));
    }

    @Test
    void ttinDuringARollingReloadRaisesTheTargetOfTheRoll() throws Exception {
        writeRollingApp(2);
        arbiter = new Arbiter(world.context(), Config.load(List.of(appYaml.toString()), Map.of()));
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        arbiter.step(Signals.HUP);
        arbiter.step(Signals.TTIN);
        assertEquals(1, world.generation(2).size(), "still one boot at a time");
        int peak = rollToTheEnd();
        assertEquals(4, peak, "workers (now 3) + 1");
        assertEquals(3, world.generation(2).size());
        assertTrue(world.generation(1).isEmpty());
    }

    @Test
    void hupDuringARollingReloadIsHandledOnceTheRollIsOver() throws Exception {
        writeRollingApp(2);
        arbiter = new Arbiter(world.context(), Config.load(List.of(appYaml.toString()), Map.of()));
        arbiter.start();
        world.bootAll();
        arbiter.step(null);
        arbiter.step(Signals.HUP);
        writeRollingApp(1);
        arbiter.step(Signals.HUP);
        assertEquals(2, arbiter.generation(), "queued");
        assertEquals(2, arbiter.numWorkers());
        int peak = rollToTheEnd();
        assertTrue(peak <= 3, "peak " + peak);
        assertEquals(3, arbiter.generation(), "the queued HUP read the newest app.yaml");
        assertEquals(1, world.processes.size());
        assertEquals(1, world.generation(3).size());
    }
}
