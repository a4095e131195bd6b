package io.jarbiter.container;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One call: which service and entrypoint, its arguments, its call id and call-id stack, and the
 * context data (for example {@code user_id}, {@code language}) that came with it and must travel on
 * with any call it makes. Created by the container per call; safe to read from any thread.
 */
public final class WorkerContext {
    private final String serviceName;
    private final Entrypoint entrypoint;
    private final Object[] args;
    private final List<String> parentCallIdStack;
    private final int parentCallsTracked;
    private final UUID uuid; // formatted into the call id only when asked for
    // Built on first use (most HTTP calls never read them). A racy single check: two threads may each
    // build one, but they are equal and immutable (final fields), so either is safe to publish this way.
    private String callId;
    private List<String> callIdStack;
    private final Map<String, Object> contextData;

    public WorkerContext(String serviceName, Entrypoint entrypoint, Object[] args, Map<String, Object> contextData,
                         List<String> parentCallIdStack, int parentCallsTracked) {
        this.serviceName = serviceName;
        this.entrypoint = entrypoint;
        this.args = args == null ? new Object[0] : args.clone();
        this.contextData = contextData == null || contextData.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(contextData));
        this.parentCallIdStack = parentCallIdStack == null ? List.of() : List.copyOf(parentCallIdStack);
        this.parentCallsTracked = parentCallsTracked;
        this.uuid = Uuid4.next();
    }

    public String serviceName() { return serviceName; }

    public Entrypoint entrypoint() { return entrypoint; }

    /** The entrypoint's method name. */
    public String methodName() { return entrypoint == null ? "call" : entrypoint.methodName(); }

    public Object[] args() { return args.clone(); }

    /** {@code <service>.<method>.<uuid4>}. */
    public String callId() {
        String id = callId;
        if (id == null) callId = id = serviceName + "." + methodName() + "." + uuid;
        return id;
    }

    /** The parent stack plus this call's id, at most {@code parent_calls_tracked + 1} long. */
    public List<String> callIdStack() {
        List<String> ids = callIdStack;
        if (ids == null) {
            // nameko: deque(parent stack + own id, maxlen=parent_calls_tracked + 1): the oldest fall off
            int parents = parentCallIdStack.size(), kept = Math.min(parents, Math.max(0, parentCallsTracked));
            String[] stack = new String[kept + 1];
            for (int i = 0; i < kept; i++) stack[i] = parentCallIdStack.get(parents - kept + i);
            stack[kept] = callId();
            callIdStack = ids = List.of(stack);
        }
        return ids;
    }

    /** The first call of the chain, or null when this call has no parent. */
    public String originCallId() { return parentCallIdStack.isEmpty() ? null : parentCallIdStack.get(0); }

    /** The call that made this one, or null. */
    public String immediateParentCallId() {
        return parentCallIdStack.isEmpty() ? null : parentCallIdStack.get(parentCallIdStack.size() - 1);
    }

    /** Context data ({@code user_id}, {@code language}, ...), read-only. */
    public Map<String, Object> contextData() { return contextData; }

    @Override
    public String toString() {
        return "WorkerContext(" + callId() + ")";
    }
}
