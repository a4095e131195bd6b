package io.jarbiter.examples;

import io.jarbiter.hooks.ArbiterHooks;
import io.jarbiter.hooks.ArbiterInfo;
import io.jarbiter.hooks.WorkerHooks;
import io.jarbiter.hooks.WorkerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Example hook class: logs every lifecycle event, in the master and in each worker. Name it in
 * app.yaml's {@code hooks:} list; one class may implement both sides.
 */
public class LoggingHooks implements ArbiterHooks, WorkerHooks {
    private static final Logger LOG = LoggerFactory.getLogger("example.hooks");

    @Override
    public void onStarting(ArbiterInfo arbiter) {
        LOG.info("hook onStarting: master {} for {}", arbiter.pid(), arbiter.appYaml());
    }

    @Override
    public void whenReady(ArbiterInfo arbiter) {
        LOG.info("hook whenReady: {} worker(s) serving {}", arbiter.workers(), arbiter.listeners());
    }

    @Override
    public void onReload(ArbiterInfo arbiter) {
        LOG.info("hook onReload: generation {}", arbiter.generation());
    }

    @Override
    public void preFork(ArbiterInfo arbiter, WorkerInfo worker) {
        LOG.info("hook preFork: worker age {}", worker.age());
    }

    @Override
    public void childExit(ArbiterInfo arbiter, WorkerInfo worker) {
        LOG.info("hook childExit: worker {} ({})", worker.pid(), worker.exitStatus());
    }

    @Override
    public void nworkersChanged(ArbiterInfo arbiter, int newValue, int oldValue) {
        LOG.info("hook nworkersChanged: {} -> {}", oldValue, newValue);
    }

    @Override
    public void onExit(ArbiterInfo arbiter) {
        LOG.info("hook onExit: master {}", arbiter.pid());
    }

    @Override
    public void postFork(WorkerInfo worker) {
        LOG.info("hook postFork: worker {} (age {}, generation {})", worker.pid(), worker.age(), worker.generation());
    }

    @Override
    public void postWorkerInit(WorkerInfo worker) {
        LOG.info("hook postWorkerInit: worker {} is serving", worker.pid());
    }

    @Override
    public void workerInt(WorkerInfo worker) {
        LOG.info("hook workerInt: worker {}", worker.pid());
    }

    @Override
    public void workerAbort(WorkerInfo worker) {
        LOG.info("hook workerAbort: worker {}", worker.pid());
    }

    @Override
    public void workerExit(WorkerInfo worker) {
        LOG.info("hook workerExit: worker {}", worker.pid());
    }
}
